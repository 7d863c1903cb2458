using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace Pipeline.Vision;

/// <summary>
/// Labelled test images: groups that differ in palette, shapes, textures and sizes, with small random
/// jitter inside a group. Deterministic for a given seed, whatever the thread scheduling.
/// </summary>
public static class SyntheticImages
{
    static readonly JpegEncoder Jpeg = new() { Quality = 90, ColorType = JpegColorType.YCbCrRatio420 };

    /// <summary>Writes <paramref name="count"/> images named <c>g{group}_{index:D5}.{ext}</c>; image i is in group i % groups.</summary>
    /// <param name="format">"jpg" (quality 90), "png" or "webp".</param>
    public static IReadOnlyList<(string Path, int Group)> Generate(string folder, int count, int groups = 8,
        int width = 320, int height = 240, int seed = 1, string format = "jpg")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        var (encoding, extension, quality) = format.ToLowerInvariant() switch
        {
            "jpg" or "jpeg" => ((SKEncodedImageFormat?)null, "jpg", 90),
            "png" => (SKEncodedImageFormat.Png, "png", 100),
            "webp" => (SKEncodedImageFormat.Webp, "webp", 90),
            _ => throw new ArgumentException($"cannot write synthetic images as '{format}'", nameof(format)),
        };
        Directory.CreateDirectory(folder);
        var scenes = Enumerable.Range(0, groups).Select(Scene.ForGroup).ToArray();
        var images = new (string Path, int Group)[count];
        Parallel.For(0, count, i =>
        {
            var group = i % groups;
            // One generator per image, seeded by (seed, index): the output does not depend on which thread drew it.
            var rng = new Random(Mix(seed, i));
            using var bitmap = SyntheticPainter.Paint(scenes[group], width, height, rng);
            var path = Path.Combine(folder, $"g{group}_{i:D5}.{extension}");
            if (encoding is { } skiaFormat)
            {
                using var data = bitmap.Encode(skiaFormat, quality);
                File.WriteAllBytes(path, data.AsSpan());
            }
            else
            {
                // ImageSharp's JPEG encoder measured 2-3x faster than Skia's here, and encoding is most of the cost.
                using var image = Image.LoadPixelData<Rgba32>(bitmap.GetPixelSpan(), width, height);
                image.SaveAsJpeg(path, Jpeg);
            }
            images[i] = (path, group);
        });
        return images;
    }

    /// <summary>SplitMix64 finaliser: stable across runs (unlike HashCode) and decorrelates neighbouring indices.</summary>
    static int Mix(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }
}
