using Pipeline.Vision;
using SkiaSharp;

namespace Pipeline.Inference.Tests.Preprocessing;

public sealed class ImagePixelsTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    string Synthetic(int width, int height, string format) =>
        SyntheticImages.Generate(Path.Combine(temp.Path, $"{width}x{height}-{format}"), 1, 1, width, height, seed: 3, format)[0].Path;

    [Fact]
    public void A_jpeg_decodes_at_the_smallest_dct_scale_that_keeps_the_short_side()
    {
        var path = Synthetic(1600, 1200, "jpg");

        using var image = ImagePixels.Decode(path, null, minShortSide: 224);

        // 1/8 would give 200x150 (short side under 224); 2/8 gives 400x300.
        Assert.Equal((400, 300), (image.Width, image.Height));
    }

    [Fact]
    public void A_region_is_scaled_by_its_own_short_side()
    {
        var path = Synthetic(1600, 1200, "jpg");

        using var image = ImagePixels.Decode(path, new PixelBox(100, 100, 800, 400), minShortSide: 100);

        // 1/8 would leave the region 100x50; 2/8 leaves about 200x100 (edges rounded outwards).
        Assert.InRange(image.Height, 100, 101);
        Assert.InRange(image.Width, 200, 201);
    }

    [Theory]
    [InlineData("png", 224)]
    [InlineData("jpg", 2000)]
    public void Without_a_smaller_scale_the_image_comes_at_full_size(string format, int minShortSide)
    {
        var path = Synthetic(640, 480, format);

        using var image = ImagePixels.Decode(path, null, minShortSide);

        Assert.Equal((640, 480), (image.Width, image.Height));
        Assert.Equal(640 * 480 * 3, image.Pixels.Length);
    }

    [Fact]
    public void Transparency_is_composited_over_white()
    {
        var path = Path.Combine(temp.Path, "alpha.png");
        using (var bitmap = new SKBitmap(new SKImageInfo(3, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            bitmap.SetPixel(0, 0, new SKColor(255, 0, 0, 255));
            bitmap.SetPixel(1, 0, new SKColor(0, 0, 0, 0));
            bitmap.SetPixel(2, 0, new SKColor(0, 0, 255, 128));
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, png.ToArray());
        }

        using var image = ImagePixels.Decode(path, null, 1);

        var pixels = image.Pixels.ToArray();
        Assert.Equal([255, 0, 0, 255, 255, 255], pixels[..6]);
        // Half-transparent blue over white: 255 * 127/255 = 127 of white added to each channel.
        Assert.InRange(pixels[6], 126, 128);
        Assert.InRange(pixels[7], 126, 128);
        Assert.Equal(255, pixels[8]);
    }

    [Fact]
    public void A_one_pixel_region_is_fine_but_empty_or_outside_regions_are_argument_errors()
    {
        var path = Synthetic(64, 48, "png");

        using (var image = ImagePixels.Decode(path, new PixelBox(10, 10, 1, 1), 224))
            Assert.Equal((1, 1), (image.Width, image.Height));
        Assert.ThrowsAny<ArgumentException>(() => ImagePixels.Decode(path, new PixelBox(10, 10, 0, 5), 224));
        Assert.ThrowsAny<ArgumentException>(() => ImagePixels.Decode(path, new PixelBox(100, 10, 5, 5), 224));
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_rejected()
    {
        var path = Path.Combine(temp.Path, "not-an-image.jpg");
        File.WriteAllText(path, "hello");

        Assert.Throws<ImageRejectedException>(() => ImagePixels.Decode(path, null, 224));
    }
}
