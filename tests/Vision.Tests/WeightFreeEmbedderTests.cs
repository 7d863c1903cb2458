using System.Numerics.Tensors;
using SkiaSharp;

namespace Pipeline.Vision.Tests;

public sealed class WeightFreeEmbedderTests : IDisposable
{
    readonly TempFolder temp = new();
    readonly WeightFreeEmbedder embedder = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Vector_has_the_declared_dimension_and_unit_length()
    {
        var vector = embedder.Embed(TestImages.Write(temp.Path, "jpeg", 320, 240));

        Assert.Equal("weightfree-v1", embedder.Model);
        Assert.Equal(embedder.Dimensions, vector.Length);
        Assert.InRange(embedder.Dimensions, 64, 512);
        Assert.Equal(1f, TensorPrimitives.Norm(vector), 1e-4f);
        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Embedding_is_deterministic()
    {
        var path = TestImages.Write(temp.Path, "jpeg", 320, 240);

        Assert.Equal(embedder.Embed(path), new WeightFreeEmbedder().Embed(path));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_supported_format_embeds_to_nearly_the_same_vector(string format)
    {
        var reference = embedder.Embed(TestImages.Write(temp.Path, "png", 200, 150));

        var vector = embedder.Embed(TestImages.Write(temp.Path, format, 200, 150));

        // GIF's palette and JPEG/WebP compression change the pixels a little, not the picture.
        Assert.True(Similarity(reference, vector) > 0.9, $"{format}: {Similarity(reference, vector)}");
    }

    public static TheoryData<string> Formats() => new(TestImages.Formats);

    [Theory]
    [InlineData(128, 128, 128)]
    [InlineData(33, 18, 9)] // its hue sits exactly on a bin boundary, where rounding once gave a negative weight and NaN
    public void Flat_image_gives_a_finite_unit_vector(byte red, byte green, byte blue)
    {
        var path = temp.File("flat.png");
        using (var flat = TestImages.Paint(64, 64))
        {
            flat.Erase(new SKColor(red, green, blue));
            TestImages.Encode(flat, SKEncodedImageFormat.Png, path);
        }

        var vector = embedder.Embed(path);

        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, TensorPrimitives.Norm(vector), 1e-4f);
    }

    [Fact]
    public void Region_embedding_differs_from_the_whole_image()
    {
        var path = TestImages.Write(temp.Path, "jpeg", 640, 480);

        var whole = embedder.Embed(path);
        var disc = embedder.Embed(path, new PixelBox(100, 150, 200, 180));
        var sky = embedder.Embed(path, new PixelBox(400, 0, 240, 120));

        Assert.Equal(1f, TensorPrimitives.Norm(disc), 1e-4f);
        Assert.True(Similarity(whole, disc) < 0.9, $"whole vs disc {Similarity(whole, disc)}");
        Assert.True(Similarity(disc, sky) < 0.7, $"disc vs sky {Similarity(disc, sky)}");
    }

    [Fact]
    public void Region_is_clipped_to_the_image()
    {
        var path = TestImages.Write(temp.Path, "png", 320, 240);

        Assert.Equal(embedder.Embed(path, new PixelBox(200, 100, 120, 140)), embedder.Embed(path, new PixelBox(200, 100, 500, 500)));
        Assert.Equal(embedder.Embed(path), embedder.Embed(path, new PixelBox(-10, -10, 1000, 1000)));
    }

    [Fact]
    public void Region_entirely_outside_the_image_is_an_argument_error()
    {
        var path = TestImages.Write(temp.Path, "png", 320, 240);

        Assert.Throws<ArgumentOutOfRangeException>(() => embedder.Embed(path, new PixelBox(400, 10, 50, 50)));
    }

    [Fact]
    public void Tiny_region_is_embedded()
    {
        var path = TestImages.Write(temp.Path, "jpeg", 320, 240);

        Assert.Equal(1f, TensorPrimitives.Norm(embedder.Embed(path, new PixelBox(10, 10, 3, 2))), 1e-4f);
    }

    [Fact]
    public void Embedding_a_thumbnail_gives_nearly_the_original_vector()
    {
        var images = SyntheticImages.Generate(temp.Path, 16, width: 1024, height: 768);
        var writer = new ThumbnailWriter();

        foreach (var (path, _) in images)
        {
            var thumbnail = Path.ChangeExtension(path, ".thumb.jpg");
            writer.Write(path, thumbnail);
            var similarity = Similarity(embedder.Embed(path), embedder.Embed(thumbnail));
            Assert.True(similarity > 0.95, $"{Path.GetFileName(path)}: {similarity}");
        }
    }

    [Fact]
    public void Generated_groups_are_separated_by_the_descriptor()
    {
        var images = SyntheticImages.Generate(temp.Path, 300, groups: 8);
        var vectors = images.AsParallel().AsOrdered().Select(i => embedder.Embed(i.Path)).ToArray();
        Assert.All(vectors, v => Assert.True(v.All(float.IsFinite)));

        var (sameGroupNeighbours, within, between) = (0, 0.0, 0.0);
        var (withinPairs, betweenPairs) = (0, 0);
        for (var i = 0; i < vectors.Length; i++)
        {
            var (best, nearest) = (double.NegativeInfinity, -1);
            for (var j = 0; j < vectors.Length; j++)
            {
                if (i == j) continue;
                var s = Similarity(vectors[i], vectors[j]);
                if (s > best) (best, nearest) = (s, j);
                if (images[i].Group == images[j].Group) { within += s; withinPairs++; }
                else { between += s; betweenPairs++; }
            }
            if (images[nearest].Group == images[i].Group) sameGroupNeighbours++;
        }
        within /= withinPairs;
        between /= betweenPairs;

        Assert.True(sameGroupNeighbours >= 0.97 * vectors.Length, $"{sameGroupNeighbours} of {vectors.Length} nearest neighbours in their own group");
        Assert.True(within - between > 0.4, $"within-group mean {within:F3}, between-group mean {between:F3}");
    }

    static double Similarity(float[] a, float[] b) => TensorPrimitives.Dot(a, b);
}
