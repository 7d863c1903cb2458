using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace Pipeline.Vision;

/// <summary>TIFF through ImageSharp, the one format Skia cannot read; the rest of the pipeline sees an SKBitmap.</summary>
internal static class TiffImages
{
    // Only the TIFF module: a file sniffed as TIFF must not be decoded as anything else.
    static readonly Configuration Tiff = new(new TiffConfigurationModule());

    // Multi-page scans: the first page is the image; decoding the other 500 would only cost time.
    static readonly TiffDecoder FirstPage = new() { DecodingMode = FrameDecodingMode.First };

    public static ImageInfo Identify(Stream stream)
    {
        stream.Position = 0;
        try
        {
            var info = Image.Identify(Tiff, stream) ?? throw new ImageRejectedException("unreadable TIFF header");
            return new ImageInfo("tiff", info.Width, info.Height);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)
        {
            throw new ImageRejectedException($"unreadable TIFF header ({e.Message})");
        }
    }

    /// <summary>Full-size decode (ImageSharp has no reduced-scale TIFF decode); callers have checked the pixel count.</summary>
    public static SKBitmap Decode(string path)
    {
        Image<Rgba32> image;
        try
        {
            image = Image.Load<Rgba32>(Tiff, path, FirstPage);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)
        {
            throw new ImageRejectedException($"cannot decode TIFF ({e.Message})");
        }
        using (image)
        {
            // Rgba32 is straight (unpremultiplied) alpha, byte for byte Skia's Rgba8888/Unpremul.
            var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            image.CopyPixelDataTo(bitmap.GetPixelSpan());
            return bitmap;
        }
    }
}
