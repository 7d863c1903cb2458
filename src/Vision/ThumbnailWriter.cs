using SkiaSharp;

namespace Pipeline.Vision;

/// <summary>Writes a JPEG of an image, or of a box of it, no larger than <c>maxSide</c> on its long side (never upscaled), over white.</summary>
public sealed class ThumbnailWriter(int maxSide = 256, int quality = 85, long maxPixels = ImageProbe.DefaultMaxPixels)
{
    readonly int maxSide = maxSide > 0 ? maxSide : throw new ArgumentOutOfRangeException(nameof(maxSide));
    readonly int quality = quality is >= 1 and <= 100 ? quality : throw new ArgumentOutOfRangeException(nameof(quality));

    /// <summary>Returns the thumbnail's own info ("jpeg", its width and height).</summary>
    /// <exception cref="ImageRejectedException">the source is not a usable image (including truncated files).</exception>
    public ImageInfo Write(string sourcePath, string targetJpegPath, PixelBox? region = null)
    {
        using var source = SourceImage.Open(sourcePath, maxPixels);
        using var decoded = source.Decode(region, maxSide, out var area);
        return Save(decoded, area, source.Clip(region), targetJpegPath);
    }

    /// <summary>
    /// Writes one JPEG per box from a single decode of the source, at the smallest scale that still gives the
    /// smallest box <c>maxSide</c> pixels: a page with many detections is read and decoded once, not once per crop.
    /// </summary>
    public void WriteRegions(string sourcePath, IReadOnlyList<(PixelBox Box, string Target)> regions)
    {
        if (regions.Count == 0) return;
        using var source = SourceImage.Open(sourcePath, maxPixels);
        var boxes = regions.Select(r => source.Clip(r.Box)).ToList();
        var smallest = boxes.Min(b => Math.Max(b.Width, b.Height));
        var needed = Math.Ceiling((double)maxSide * Math.Max(source.Info.Width, source.Info.Height) / smallest);
        using var decoded = source.Decode(null, (int)Math.Min(int.MaxValue, needed), out _);
        for (var i = 0; i < regions.Count; i++) Save(decoded, source.AreaIn(decoded, boxes[i]), boxes[i], regions[i].Target);
    }

    // The output size follows the box in original pixels, never upscaled; the pixels come from the decoded area.
    ImageInfo Save(SKBitmap decoded, SKRectI area, SKRectI box, string targetJpegPath)
    {
        var size = Resampler.Fit(box.Width, box.Height, maxSide, upscale: false);
        using var thumbnail = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Resampler.Draw(decoded, area, thumbnail);
        using var jpeg = thumbnail.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new InvalidOperationException("Skia's JPEG encoder returned nothing");
        WriteAtomically(targetJpegPath, jpeg.AsSpan());
        return new ImageInfo("jpeg", size.Width, size.Height);
    }

    /// <summary>Readers (and a crashed writer's retry) see the old file or the whole new one, never half of one.</summary>
    static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
                stream.Write(bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
