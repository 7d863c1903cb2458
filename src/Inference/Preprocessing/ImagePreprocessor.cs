using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Pipeline.Vision;

namespace Pipeline.Inference.Preprocessing;

/// <summary>
/// Turns decoded RGB into a model's input tensor the way the PIL + torchvision reference pipelines do:
/// PIL's separable resize (horizontal pass, then vertical), torchvision's centre crop, ToTensor, Normalize.
/// </summary>
/// <remarks>
/// Safe to call from many threads: taps are cached per thread, scratch comes from the shared array pool.
/// Only the cropped outputs are computed (a resize output depends only on its own taps, so cropping first
/// changes nothing). The passes use PIL's 8-bit fixed-point arithmetic (rounding and clipping to a byte after
/// each pass), so the resized pixels are the bytes PIL's <c>Image.resize</c> gives, not merely close to them.
/// </remarks>
public static class ImagePreprocessor
{
    /// <summary>Writes <paramref name="image"/> as CHW float32 (R, G, B planes of Size x Size) into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">the spec is invalid or the destination is not 3 x Size x Size long.</exception>
    public static void Fill(RgbImage image, PreprocessSpec spec, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var size = spec.Size;
        if (destination.Length != 3L * size * size)
            throw new ArgumentException($"destination holds {destination.Length} floats, not 3x{size}x{size}", nameof(destination));
        ReadOnlySpan<byte> pixels = image.Pixels;
        var (width, height) = ResizedSize(image.Width, image.Height, spec);
        var columns = ResampleTaps.Horizontal(image.Width, width, CropOffset(width, size), size, spec.Interpolation);
        var rows = ResampleTaps.Vertical(image.Height, height, CropOffset(height, size), size, spec.Interpolation);
        // As in PIL, the horizontal pass covers just the source rows that the vertical taps read.
        var firstRow = rows.Start[0];
        var rowCount = rows.Start[size - 1] + rows.Length[size - 1] - firstRow;
        var scratch = ArrayPool<int>.Shared.Rent(checked(3 * rowCount * size));
        try
        {
            Horizontal(pixels, image.Width, firstRow, rowCount, columns, scratch);
            Vertical(scratch, rowCount * size, firstRow, rows, size, size, size, spec.Mean, spec.Std, destination);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Resizes <paramref name="image"/> to <paramref name="width"/> x <paramref name="height"/> (no crop, aspect as given)
    /// with PIL's arithmetic, normalises it, and writes it at the top left of CHW planes of
    /// <paramref name="canvasWidth"/> x <paramref name="canvasHeight"/>; the rest of the canvas is set to 0, the value
    /// DETR-style processors pad with after normalising.
    /// </summary>
    /// <exception cref="ArgumentException">a size is not positive, the image does not fit the canvas, or the destination is not 3 x canvas long.</exception>
    public static void FillPadded(RgbImage image, int width, int height, Interpolation interpolation, float[] mean, float[] std,
        int canvasWidth, int canvasHeight, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        new PreprocessSpec(1, ResizeMode.Squash, interpolation, mean, std).Validate();
        if (width < 1 || height < 1 || width > canvasWidth || height > canvasHeight)
            throw new ArgumentException($"a {width}x{height} resize does not fit a {canvasWidth}x{canvasHeight} canvas");
        if (destination.Length != 3L * canvasWidth * canvasHeight)
            throw new ArgumentException($"destination holds {destination.Length} floats, not 3x{canvasHeight}x{canvasWidth}", nameof(destination));
        var columns = ResampleTaps.Horizontal(image.Width, width, 0, width, interpolation);
        var rows = ResampleTaps.Vertical(image.Height, height, 0, height, interpolation);
        var rowCount = rows.Start[height - 1] + rows.Length[height - 1] - rows.Start[0];
        var scratch = ArrayPool<int>.Shared.Rent(checked(3 * rowCount * width));
        try
        {
            destination.Clear();
            Horizontal(image.Pixels, image.Width, rows.Start[0], rowCount, columns, scratch);
            Vertical(scratch, rowCount * width, rows.Start[0], rows, width, canvasWidth, canvasHeight, mean, std, destination);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    /// <summary>Size after the resize, before the crop (torchvision <c>Resize</c>: the long side truncated).</summary>
    internal static (int Width, int Height) ResizedSize(int width, int height, PreprocessSpec spec)
    {
        var target = spec.ResizeTo;
        if (spec.Mode == ResizeMode.Squash) return (target, target);
        // Python's int(size * long / short): an exact product, one rounded division, then truncation.
        if (width <= height) return (target, (int)((double)target * height / width));
        return ((int)((double)target * width / height), target);
    }

    /// <summary>torchvision CenterCrop: int(round((length - size) / 2)), Python rounding half to even.</summary>
    internal static int CropOffset(int length, int size) => (int)Math.Round((length - size) / 2.0, MidpointRounding.ToEven);

    /// <summary>Resamples each needed source row to the Size cropped columns, into three 8-bit-valued planes of rowCount x Size.</summary>
    static void Horizontal(ReadOnlySpan<byte> pixels, int width, int firstRow, int rowCount, ResampleTaps taps, Span<int> scratch)
    {
        var size = taps.Count;
        var plane = rowCount * size;
        var rowBytes = width * 3;
        byte[]? padded = null;
        try
        {
            for (var r = 0; r < rowCount; r++)
            {
                var start = (firstRow + r) * rowBytes;
                // A tap loads 4 bytes (its RGB and the next red, one vector lane each); the image's last row
                // gets a copy with a spare byte so that the load at its last pixel stays in bounds.
                ReadOnlySpan<byte> row;
                if (start + rowBytes < pixels.Length) row = pixels.Slice(start, rowBytes + 1);
                else
                {
                    padded ??= ArrayPool<byte>.Shared.Rent(rowBytes + 1);
                    pixels.Slice(start, rowBytes).CopyTo(padded);
                    row = padded.AsSpan(0, rowBytes + 1);
                }
                ref var origin = ref MemoryMarshal.GetReference(row);
                for (var x = 0; x < size; x++)
                {
                    var coefficients = taps.Coefficients.AsSpan(x * taps.Stride, taps.Length[x]);
                    // Unchecked reads: taps lie within [0, width) by construction, and the row has its spare byte.
                    ref var first = ref Unsafe.Add(ref origin, taps.Start[x] * 3);
                    var sum = Vector128.Create(Half);
                    for (var k = 0; k < coefficients.Length; k++)
                    {
                        var rgbx = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, 3 * k))).AsByte();
                        sum += Vector128.WidenLower(Vector128.WidenLower(rgbx)).AsInt32() * coefficients[k];
                    }
                    sum = Vector128.Min(Vector128.Max(Vector128.ShiftRightArithmetic(sum, ResampleTaps.PrecisionBits), Vector128<int>.Zero), Vector128.Create(255));
                    var at = r * size + x;
                    scratch[at] = sum.GetElement(0);
                    scratch[plane + at] = sum.GetElement(1);
                    scratch[2 * plane + at] = sum.GetElement(2);
                }
            }
        }
        finally
        {
            if (padded is not null) ArrayPool<byte>.Shared.Return(padded);
        }
    }

    /// <summary>
    /// Resamples the planes (rows of <paramref name="size"/> columns) to taps.Count rows (8-bit results, as PIL's), then
    /// normalises into the top left of destination planes of <paramref name="canvasWidth"/> x <paramref name="canvasHeight"/>.
    /// </summary>
    static void Vertical(ReadOnlySpan<int> scratch, int plane, int firstRow, ResampleTaps taps, int size, int canvasWidth, int canvasHeight,
        float[] mean, float[] std, Span<float> destination)
    {
        for (var c = 0; c < 3; c++)
        {
            // ((v / 255) - mean) / std folded into one multiply-add.
            var scale = 1f / (255f * std[c]);
            var bias = -mean[c] / std[c];
            var source = scratch.Slice(c * plane, plane);
            var target = destination.Slice(c * canvasWidth * canvasHeight, canvasWidth * canvasHeight);
            for (var y = 0; y < taps.Count; y++)
            {
                var coefficients = taps.Coefficients.AsSpan(y * taps.Stride, taps.Length[y]);
                var top = source[((taps.Start[y] - firstRow) * size)..];
                var output = target.Slice(y * canvasWidth, size);
                var x = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; x <= size - Vector<int>.Count; x += Vector<int>.Count)
                    {
                        var sum = new Vector<int>(Half);
                        for (var k = 0; k < coefficients.Length; k++) sum += new Vector<int>(top.Slice(k * size + x)) * coefficients[k];
                        sum = Vector.Min(Vector.Max(Vector.ShiftRightArithmetic(sum, ResampleTaps.PrecisionBits), Vector<int>.Zero), new Vector<int>(255));
                        (Vector.ConvertToSingle(sum) * scale + new Vector<float>(bias)).CopyTo(output[x..]);
                    }
                }
                for (; x < size; x++)
                {
                    var sum = Half;
                    for (var k = 0; k < coefficients.Length; k++) sum += top[k * size + x] * coefficients[k];
                    output[x] = Clip8(sum) * scale + bias;
                }
            }
        }
    }

    /// <summary>PIL's rounding offset: adding half a unit before the shift rounds to nearest.</summary>
    const int Half = 1 << (ResampleTaps.PrecisionBits - 1);

    /// <summary>PIL's clip8: back from fixed point, clamped to a byte.</summary>
    static int Clip8(int sum) => Math.Clamp(sum >> ResampleTaps.PrecisionBits, 0, 255);
}
