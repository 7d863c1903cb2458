using SkiaSharp;

namespace Pipeline.Vision.Tests;

public class SkiaSmokeTests
{
    [Fact]
    public void Skia_native_library_loads()
    {
        using var bmp = new SKBitmap(4, 4);
        bmp.Erase(SKColors.Red);
        Assert.Equal(SKColors.Red, bmp.GetPixel(1, 1));
    }
}
