namespace Pipeline.Vision.Tests;

public sealed class SyntheticImagesTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Images_are_named_by_group_and_index_and_cycle_through_the_groups()
    {
        var images = SyntheticImages.Generate(temp.Path, 10, groups: 4, width: 64, height: 48);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i % 4), images.Select(i => i.Group));
        Assert.Equal(Path.Combine(temp.Path, "g3_00007.jpg"), images[7].Path);
        Assert.All(images, i => Assert.Equal(new ImageInfo("jpeg", 64, 48), new ImageProbe().Identify(i.Path)));
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        var first = SyntheticImages.Generate(Path.Combine(temp.Path, "a"), 12, seed: 3);
        var again = SyntheticImages.Generate(Path.Combine(temp.Path, "b"), 12, seed: 3);
        var other = SyntheticImages.Generate(Path.Combine(temp.Path, "c"), 12, seed: 4);

        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(first[i].Path), File.ReadAllBytes(again[i].Path));
            Assert.NotEqual(File.ReadAllBytes(first[i].Path), File.ReadAllBytes(other[i].Path));
        }
    }

    [Theory]
    [InlineData("png", "png")]
    [InlineData("webp", "webp")]
    public void Other_formats_can_be_written(string format, string identified)
    {
        var images = SyntheticImages.Generate(temp.Path, 3, width: 80, height: 60, format: format);

        Assert.All(images, i => Assert.Equal(new ImageInfo(identified, 80, 60), new ImageProbe().Identify(i.Path)));
    }

    [Fact]
    public void Groups_beyond_the_eight_designed_ones_are_generated_too()
    {
        var images = SyntheticImages.Generate(temp.Path, 20, groups: 20, width: 64, height: 48);

        Assert.Equal(20, images.Select(i => i.Group).Distinct().Count());
    }

    [Fact]
    public void Unknown_format_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SyntheticImages.Generate(temp.Path, 1, format: "tiff"));
    }
}
