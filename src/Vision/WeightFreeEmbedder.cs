using SkiaSharp;

namespace Pipeline.Vision;

/// <summary>
/// The built-in embedder when no model files are present: a classical colour + gradient + layout
/// descriptor (see <see cref="Descriptor"/>), computed on a copy scaled to 128 px on the long side.
/// </summary>
public sealed class WeightFreeEmbedder(long maxPixels = ImageProbe.DefaultMaxPixels) : IEmbedder
{
    public const string Name = "weightfree-v1";

    public string Model => Name;

    public int Dimensions => Descriptor.Length;

    /// <exception cref="ImageRejectedException">the image is not usable.</exception>
    public float[] Embed(string imagePath, PixelBox? region = null)
    {
        using var source = SourceImage.Open(imagePath, maxPixels);
        using var decoded = source.Decode(region, Descriptor.Side, out var area);
        // Tiny regions are upscaled too: the features assume the canonical scale.
        var size = Resampler.Fit(area.Width, area.Height, Descriptor.Side, upscale: true);
        using var canonical = new SKBitmap(new SKImageInfo(
            Math.Max(size.Width, 8), Math.Max(size.Height, 8), SKColorType.Rgba8888, SKAlphaType.Opaque));
        Resampler.Draw(decoded, area, canonical);
        var vector = new float[Descriptor.Length];
        Descriptor.Compute(canonical.GetPixelSpan(), canonical.RowBytes, canonical.Width, canonical.Height, vector);
        return vector;
    }
}
