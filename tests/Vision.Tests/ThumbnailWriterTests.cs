using SkiaSharp;

namespace Pipeline.Vision.Tests;

public sealed class ThumbnailWriterTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(640, 480, 256, 192)]
    [InlineData(300, 900, 85, 256)]
    [InlineData(1000, 1000, 256, 256)]
    [InlineData(2048, 512, 256, 64)]
    public void Thumbnail_fits_the_max_side_and_keeps_the_aspect(int width, int height, int thumbWidth, int thumbHeight)
    {
        var source = TestImages.Write(temp.Path, "jpeg", width, height);
        var target = temp.File("thumbs/t.jpg");

        var written = new ThumbnailWriter().Write(source, target);

        Assert.Equal(new ImageInfo("jpeg", thumbWidth, thumbHeight), written);
        Assert.Equal(written, new ImageProbe().Identify(target));
    }

    [Theory]
    [InlineData(100, 50, 600, 300, 256, 128)]
    [InlineData(1500, 1000, 600, 600, 100, 200)]
    [InlineData(-50, -50, 150, 100, 100, 50)]
    public void A_region_is_cropped_clipped_to_the_image_and_fitted(int x, int y, int w, int h, int cropWidth, int cropHeight)
    {
        var source = TestImages.Write(temp.Path, "jpeg", 1600, 1200);

        var written = new ThumbnailWriter().Write(source, temp.File("crop.jpg"), new PixelBox(x, y, w, h));

        Assert.Equal(new ImageInfo("jpeg", cropWidth, cropHeight), written);
    }

    [Fact]
    public void Several_regions_from_one_decode_match_regions_written_one_by_one()
    {
        var source = TestImages.Write(temp.Path, "jpeg", 1600, 1200);
        PixelBox[] boxes = [new(100, 50, 600, 300), new(1500, 1000, 600, 600), new(10, 10, 40, 30)];
        var writer = new ThumbnailWriter();

        writer.WriteRegions(source, boxes.Select((b, i) => (b, temp.File($"many/{i}.jpg"))).ToList());

        for (var i = 0; i < boxes.Length; i++)
            Assert.Equal(writer.Write(source, temp.File($"one/{i}.jpg"), boxes[i]), new ImageProbe().Identify(temp.File($"many/{i}.jpg")));
    }

    [Fact]
    public void A_region_outside_the_image_is_an_argument_error()
    {
        var source = TestImages.Write(temp.Path, "png", 100, 50);

        Assert.Throws<ArgumentOutOfRangeException>(() => new ThumbnailWriter().Write(source, temp.File("c.jpg"), new PixelBox(200, 0, 10, 10)));
    }

    [Fact]
    public void Small_images_are_not_upscaled()
    {
        var source = TestImages.Write(temp.Path, "png", 100, 50);

        Assert.Equal(new ImageInfo("jpeg", 100, 50), new ThumbnailWriter().Write(source, temp.File("t.jpg")));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_supported_format_makes_a_thumbnail(string format)
    {
        var source = TestImages.Write(temp.Path, format, 300, 200);

        Assert.Equal(new ImageInfo("jpeg", 64, 43), new ThumbnailWriter(maxSide: 64).Write(source, temp.File("t.jpg")));
    }

    public static TheoryData<string> Formats() => new(TestImages.Formats);

    [Fact]
    public void Thumbnail_keeps_the_picture()
    {
        var source = TestImages.Write(temp.Path, "png", 400, 300);
        var target = temp.File("t.jpg");

        new ThumbnailWriter().Write(source, target);

        using var thumb = SKBitmap.Decode(target);
        var disc = thumb.GetPixel((int)(0.3 * thumb.Width), thumb.Height / 2);
        Assert.True(disc.Red > 200 && disc.Green < 60 && disc.Blue < 60, $"expected the red disc, got {disc}");
    }

    [Fact]
    public void Transparent_pixels_become_white()
    {
        var source = temp.File("clear.png");
        using (var clear = new SKBitmap(new SKImageInfo(50, 50, SKColorType.Rgba8888, SKAlphaType.Premul)))
        {
            clear.Erase(SKColors.Transparent);
            TestImages.Encode(clear, SKEncodedImageFormat.Png, source);
        }
        var target = temp.File("t.jpg");

        new ThumbnailWriter().Write(source, target);

        using var thumb = SKBitmap.Decode(target);
        Assert.All([thumb.GetPixel(0, 0), thumb.GetPixel(25, 25)], p => Assert.True(p.Red > 250 && p.Green > 250 && p.Blue > 250));
    }

    [Fact]
    public void Truncated_jpeg_is_rejected_with_a_reason()
    {
        var whole = File.ReadAllBytes(TestImages.Write(temp.Path, "jpeg", 640, 480));
        var source = temp.File("truncated.jpg");
        File.WriteAllBytes(source, whole[..(whole.Length / 2)]);
        var target = temp.File("thumbs/t.jpg");

        var error = Assert.Throws<ImageRejectedException>(() => new ThumbnailWriter().Write(source, target));

        Assert.Equal("truncated JPEG", error.Message);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Rewriting_a_thumbnail_replaces_it_and_leaves_no_temporary_files()
    {
        var first = TestImages.Write(temp.Path, "jpeg", 640, 480);
        var second = TestImages.Write(temp.Path, "jpeg", 480, 640);
        var target = temp.File("thumbs/t.jpg");
        var writer = new ThumbnailWriter();

        writer.Write(first, target);
        writer.Write(second, target);

        Assert.Equal(new ImageInfo("jpeg", 192, 256), new ImageProbe().Identify(target));
        Assert.Equal(["t.jpg"], Directory.GetFiles(temp.File("thumbs"), "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }

    [Fact]
    public void Invalid_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThumbnailWriter(maxSide: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThumbnailWriter(quality: 101));
    }
}
