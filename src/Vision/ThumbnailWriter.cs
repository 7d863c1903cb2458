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
        var (width, height) = region is { } r ? Clipped(r, source.Info) : (source.Info.Width, source.Info.Height);
        var size = Resampler.Fit(width, height, maxSide, upscale: false);
        using var thumbnail = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Resampler.Draw(decoded, area, thumbnail);
        using var jpeg = thumbnail.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new InvalidOperationException("Skia's JPEG encoder returned nothing");
        WriteAtomically(targetJpegPath, jpeg.AsSpan());
        return new ImageInfo("jpeg", size.Width, size.Height);
    }

    static (int Width, int Height) Clipped(PixelBox r, ImageInfo image)
    {
        var width = Math.Min(r.X + r.Width, image.Width) - Math.Max(r.X, 0);
        var height = Math.Min(r.Y + r.Height, image.Height) - Math.Max(r.Y, 0);
        return width > 0 && height > 0 ? (width, height) : throw new ArgumentOutOfRangeException(nameof(r), $"region {r} lies outside the {image.Width}x{image.Height} image");
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
