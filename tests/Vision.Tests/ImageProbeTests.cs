namespace Pipeline.Vision.Tests;

public sealed class ImageProbeTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [MemberData(nameof(Formats))]
    public void Identify_reads_format_and_size_of_every_supported_format(string format)
    {
        var path = TestImages.Write(temp.Path, format, 40, 30);

        Assert.Equal(new ImageInfo(format, 40, 30), new ImageProbe().Identify(path));
    }

    public static TheoryData<string> Formats() => new(TestImages.Formats);

    [Fact]
    public void Format_comes_from_the_signature_not_the_extension()
    {
        var path = TestImages.Write(temp.Path, "png", 20, 10, name: "misnamed.jpg");

        Assert.Equal("png", new ImageProbe().Identify(path).Format);
    }

    [Fact]
    public void Random_bytes_named_png_are_rejected_as_not_an_image()
    {
        var path = temp.File("noise.png");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());

        var error = Assert.Throws<ImageRejectedException>(() => new ImageProbe().Identify(path));
        Assert.Equal("not an image (unknown signature)", error.Message);
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        var path = temp.File("empty.jpg");
        File.WriteAllBytes(path, []);

        Assert.Equal("empty file", Assert.Throws<ImageRejectedException>(() => new ImageProbe().Identify(path)).Message);
    }

    [Fact]
    public void Jpeg_cut_inside_its_header_is_rejected_as_unreadable()
    {
        var source = TestImages.Write(temp.Path, "jpeg", 64, 48);
        var path = temp.File("header-only.jpg");
        File.WriteAllBytes(path, File.ReadAllBytes(source)[..40]);

        var error = Assert.Throws<ImageRejectedException>(() => new ImageProbe().Identify(path));
        Assert.StartsWith("unreadable JPEG header", error.Message);
    }

    [Fact]
    public void Png_declaring_too_many_pixels_is_rejected_before_decoding()
    {
        var path = TestImages.PngDeclaring(temp.Path, 60000, 60000);

        var error = Assert.Throws<ImageRejectedException>(() => new ImageProbe(maxPixels: 100_000_000).Identify(path));
        Assert.Equal("declares 60000x60000 pixels, above the limit of 100000000", error.Message);
    }

    [Fact]
    public void Default_limit_refuses_a_bomb_for_every_consumer()
    {
        var path = TestImages.PngDeclaring(temp.Path, 30000, 30000);

        Assert.Throws<ImageRejectedException>(() => new ImageProbe().Identify(path));
        Assert.Throws<ImageRejectedException>(() => new ThumbnailWriter().Write(path, temp.File("t.jpg")));
        Assert.Throws<ImageRejectedException>(() => new WeightFreeEmbedder().Embed(path));
    }

    [Fact]
    public void Header_within_the_limit_is_accepted()
    {
        var path = TestImages.PngDeclaring(temp.Path, 10000, 10000);

        Assert.Equal(new ImageInfo("png", 10000, 10000), new ImageProbe(maxPixels: 100_000_000).Identify(path));
    }

    [Fact]
    public void Missing_file_is_an_io_error_not_a_rejection()
    {
        Assert.Throws<FileNotFoundException>(() => new ImageProbe().Identify(temp.File("absent.jpg")));
    }
}
