using System.Buffers;
using SkiaSharp;

namespace Pipeline.Vision;

/// <summary>
/// Packed 8-bit RGB pixels: row-major, 3 bytes per pixel, rows without padding. The buffer comes from
/// <see cref="ArrayPool{T}.Shared"/> (or from the caller); <see cref="Dispose"/> hands a pooled one back.
/// </summary>
public sealed class RgbImage : IDisposable
{
    byte[]? buffer;
    readonly bool pooled;

    /// <summary>A pooled, uninitialised image of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public RgbImage(int width, int height) : this(width, height, null) { }

    /// <summary>Wraps a caller-owned buffer (at least width*height*3 bytes long); never returned to a pool.</summary>
    public RgbImage(byte[] pixels, int width, int height) : this(width, height, pixels ?? throw new ArgumentNullException(nameof(pixels))) { }

    RgbImage(int width, int height, byte[]? pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var length = (long)width * height * 3;
        if (length > Array.MaxLength) throw new ArgumentException($"{width}x{height} RGB does not fit in one array");
        if (pixels is not null && pixels.Length < length)
            throw new ArgumentException($"{pixels.Length} bytes cannot hold {width}x{height} RGB", nameof(pixels));
        pooled = pixels is null;
        buffer = pixels ?? ArrayPool<byte>.Shared.Rent((int)length);
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The Width*Height*3 bytes (a pooled buffer is usually longer; the slice hides the rest).</summary>
    public Span<byte> Pixels => (buffer ?? throw new ObjectDisposedException(nameof(RgbImage))).AsSpan(0, Width * Height * 3);

    public void Dispose()
    {
        // Exchange: a second Dispose, even a racing one, must not return the array to the pool twice.
        var returned = Interlocked.Exchange(ref buffer, null);
        if (returned is not null && pooled) ArrayPool<byte>.Shared.Return(returned);
    }
}

/// <summary>Decodes images (or a region of one) to <see cref="RgbImage"/> for model preprocessing.</summary>
public static class ImagePixels
{
    /// <summary>
    /// Decodes <paramref name="region"/> (the whole image when null) with alpha composited over white, at the
    /// smallest scale the codec offers (JPEG: 1/8 .. 8/8) that keeps the region's short side at least
    /// <paramref name="minShortSide"/> pixels; a region with fewer pixels than that comes at full size.
    /// </summary>
    /// <exception cref="ImageRejectedException">the file is not a usable image.</exception>
    /// <exception cref="ArgumentException">the region is empty or lies outside the image.</exception>
    public static RgbImage Decode(string path, PixelBox? region, int minShortSide, long maxPixels = ImageProbe.DefaultMaxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minShortSide, 1);
        if (region is { } r && (r.Width <= 0 || r.Height <= 0))
            throw new ArgumentException($"empty region {r.Width}x{r.Height}", nameof(region));
        using var source = SourceImage.Open(path, maxPixels);
        var box = source.Clip(region);
        // SourceImage sizes its decode by the long side: ask for the long side at which the short one reaches minShortSide.
        var longSide = Math.Ceiling((double)minShortSide * Math.Max(box.Width, box.Height) / Math.Min(box.Width, box.Height));
        using var bitmap = source.Decode(region, (int)Math.Min(int.MaxValue, longSide), out var area);
        return OverWhite(bitmap, area);
    }

    /// <summary>Copies <paramref name="area"/> of an Rgba8888 bitmap to RGB over white.</summary>
    static RgbImage OverWhite(SKBitmap bitmap, SKRectI area)
    {
        var image = new RgbImage(area.Width, area.Height);
        ReadOnlySpan<byte> source = bitmap.GetPixelSpan();
        var target = image.Pixels;
        var premultiplied = bitmap.AlphaType == SKAlphaType.Premul;
        for (var y = 0; y < area.Height; y++)
        {
            var from = source.Slice((area.Top + y) * bitmap.RowBytes + area.Left * 4, area.Width * 4);
            var to = target.Slice(y * area.Width * 3, area.Width * 3);
            for (int i = 0, j = 0; i < from.Length; i += 4, j += 3)
            {
                int a = from[i + 3], cover = 255 - a;
                for (var c = 0; c < 3; c++)
                {
                    // Premultiplied c already holds colour*alpha: over white adds white*(1-alpha).
                    to[j + c] = (byte)(premultiplied ? from[i + c] + cover : (from[i + c] * a + 255 * cover + 127) / 255);
                }
            }
        }
        return image;
    }
}
