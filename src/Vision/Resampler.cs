using SkiaSharp;

namespace Pipeline.Vision;

internal static class Resampler
{
    /// <summary>Size that fits <paramref name="maxSide"/> keeping aspect; never below one pixel.</summary>
    public static SKSizeI Fit(int width, int height, int maxSide, bool upscale)
    {
        var scale = (double)maxSide / Math.Max(width, height);
        if (!upscale) scale = Math.Min(1, scale);
        return new SKSizeI(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>
    /// Draws <paramref name="area"/> of <paramref name="source"/> over white (transparent PNG/GIF pixels get a
    /// defined colour) into the whole of <paramref name="target"/>.
    /// </summary>
    public static void Draw(SKBitmap source, SKRectI area, SKBitmap target)
    {
        var factor = Math.Max((double)area.Width / target.Width, (double)area.Height / target.Height);
        // Past 2x a single filter tap skips pixels (aliasing); mipmaps average them first.
        var sampling = factor <= 1 ? new SKSamplingOptions(SKFilterMode.Linear)
            : factor <= 2 ? new SKSamplingOptions(SKCubicResampler.Mitchell)
            : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.White);
        // FromPixels shares the bitmap's memory; FromBitmap would copy a mutable bitmap.
        using var image = SKImage.FromPixels(source.PeekPixels());
        canvas.DrawImage(image, SKRect.Create(area.Left, area.Top, area.Width, area.Height),
            SKRect.Create(0, 0, target.Width, target.Height), sampling);
    }
}
