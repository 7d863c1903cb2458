using SkiaSharp;

namespace Pipeline.Vision;

/// <summary>
/// An opened image file whose header has passed the checks; decodes on demand at the smallest
/// scale the codec offers (JPEG DCT scaling: 1/8 .. 8/8) that still gives the caller enough pixels.
/// </summary>
internal sealed class SourceImage : IDisposable
{
    readonly string path;
    readonly SKCodec? codec; // null for TIFF, which goes through ImageSharp

    SourceImage(string path, SKCodec? codec, ImageInfo info)
    {
        this.path = path;
        this.codec = codec;
        Info = info;
    }

    public ImageInfo Info { get; }

    public static SourceImage Open(string path, long maxPixels)
    {
        var source = OpenHeader(path);
        try
        {
            CheckSize(source.Info, maxPixels);
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    static SourceImage OpenHeader(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        string format;
        try
        {
            Span<byte> head = stackalloc byte[ImageFormats.SignatureLength];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (read == 0) throw new ImageRejectedException("empty file");
            format = ImageFormats.Sniff(head[..read]) ?? throw new ImageRejectedException("not an image (unknown signature)");
            if (format == "tiff")
            {
                using (stream) return new SourceImage(path, null, TiffImages.Identify(stream));
            }
            stream.Position = 0;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        // Skia's codec owns the stream from here and closes it with itself (at once when it fails).
        var codec = SKCodec.Create(stream, out var result)
            ?? throw new ImageRejectedException($"unreadable {ImageFormats.Display(format)} header ({result})");
        return new SourceImage(path, codec, new ImageInfo(format, codec.Info.Width, codec.Info.Height));
    }

    static void CheckSize(ImageInfo info, long maxPixels)
    {
        if (info.Width <= 0 || info.Height <= 0)
            throw new ImageRejectedException($"declares {info.Width}x{info.Height} pixels");
        if ((long)info.Width * info.Height > maxPixels)
            throw new ImageRejectedException($"declares {info.Width}x{info.Height} pixels, above the limit of {maxPixels}");
    }

    /// <summary>
    /// Decodes so that <paramref name="region"/> (whole image when null) spans at least
    /// <paramref name="minLongSide"/> pixels on its long side where the source has them.
    /// Returns the (Rgba8888, premultiplied) bitmap and where the region lies in it.
    /// </summary>
    public SKBitmap Decode(PixelBox? region, int minLongSide, out SKRectI area)
    {
        var box = Clip(region);
        var bitmap = codec is null ? TiffImages.Decode(path) : DecodeScaled(box, minLongSide);
        area = AreaIn(bitmap, box);
        return bitmap;
    }

    /// <summary>Where a box of the original image (already clipped) lies in a decoded, possibly scaled, bitmap of it.</summary>
    public SKRectI AreaIn(SKBitmap bitmap, SKRectI box)
    {
        double sx = (double)bitmap.Width / Info.Width, sy = (double)bitmap.Height / Info.Height;
        var left = (int)Math.Floor(box.Left * sx);
        var top = (int)Math.Floor(box.Top * sy);
        var right = Math.Clamp((int)Math.Ceiling(box.Right * sx), left + 1, bitmap.Width);
        var bottom = Math.Clamp((int)Math.Ceiling(box.Bottom * sy), top + 1, bitmap.Height);
        return new SKRectI(left, top, right, bottom);
    }

    SKBitmap DecodeScaled(SKRectI box, int minLongSide)
    {
        var size = new SKSizeI(Info.Width, Info.Height);
        var longSide = Math.Max(box.Width, box.Height);
        for (var eighths = 1; eighths < 8 && longSide > minLongSide; eighths++)
        {
            var scaled = codec!.GetScaledDimensions(eighths / 8f);
            var ratio = Math.Min((double)scaled.Width / Info.Width, (double)scaled.Height / Info.Height);
            if (longSide * ratio >= minLongSide) { size = scaled; break; }
        }
        var bitmap = TryDecode(size, out var result);
        if (result == SKCodecResult.InvalidScale && size.Width != Info.Width)
        {
            bitmap.Dispose();
            bitmap = TryDecode(new SKSizeI(Info.Width, Info.Height), out result);
        }
        if (result == SKCodecResult.Success) return bitmap;
        bitmap.Dispose();
        var name = ImageFormats.Display(Info.Format);
        throw new ImageRejectedException(result switch
        {
            SKCodecResult.IncompleteInput => $"truncated {name}",
            SKCodecResult.ErrorInInput => $"corrupt {name} data",
            _ => $"cannot decode {name} ({result})",
        });
    }

    SKBitmap TryDecode(SKSizeI size, out SKCodecResult result)
    {
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        result = codec!.GetPixels(info, bitmap.GetPixels());
        return bitmap;
    }

    /// <summary>The region clipped to the image (the whole image when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">the region lies outside the image.</exception>
    public SKRectI Clip(PixelBox? region)
    {
        var (width, height) = (Info.Width, Info.Height);
        if (region is not { } r) return new SKRectI(0, 0, width, height);
        var left = (int)Math.Clamp((long)r.X, 0, width);
        var top = (int)Math.Clamp((long)r.Y, 0, height);
        var right = (int)Math.Clamp((long)r.X + r.Width, 0, width);
        var bottom = (int)Math.Clamp((long)r.Y + r.Height, 0, height);
        if (right <= left || bottom <= top)
            throw new ArgumentOutOfRangeException(nameof(region), r, $"region lies outside the {width}x{height} image");
        return new SKRectI(left, top, right, bottom);
    }

    public void Dispose() => codec?.Dispose();
}
