using Pipeline.Inference.Preprocessing;
using Pipeline.Vision;
using static Pipeline.Inference.Tests.Preprocessing.TestRgb;

namespace Pipeline.Inference.Tests.Preprocessing;

public sealed class ImagePreprocessorTests
{
    [Theory]
    [InlineData(640, 480, 298, 224)] // 224 * 640 / 480 = 298.67, truncated
    [InlineData(480, 640, 224, 298)]
    [InlineData(224, 224, 224, 224)]
    [InlineData(100, 50, 448, 224)] // smaller than the crop: upscaled, as CLIP does
    [InlineData(1, 3, 224, 672)]
    public void Shortest_side_resize_sets_the_short_side_and_truncates_the_long_one(int width, int height, int resizedWidth, int resizedHeight)
    {
        Assert.Equal((resizedWidth, resizedHeight), ImagePreprocessor.ResizedSize(width, height, PreprocessSpec.Clip));
    }

    [Fact]
    public void ImageNet_resizes_to_256_and_squash_ignores_the_aspect()
    {
        Assert.Equal((341, 256), ImagePreprocessor.ResizedSize(640, 480, PreprocessSpec.ImageNet));
        Assert.Equal((224, 224), ImagePreprocessor.ResizedSize(640, 480, PreprocessSpec.Clip with { Mode = ResizeMode.Squash }));
    }

    [Theory]
    [InlineData(298, 224, 37)]
    [InlineData(224, 224, 0)]
    [InlineData(225, 224, 0)] // round(0.5) = 0: Python rounds half to even
    [InlineData(227, 224, 2)] // round(1.5) = 2
    [InlineData(229, 224, 2)] // round(2.5) = 2
    [InlineData(5, 2, 2)]
    public void Centre_crop_offset_rounds_like_torchvision(int length, int size, int offset)
    {
        Assert.Equal(offset, ImagePreprocessor.CropOffset(length, size));
    }

    [Fact]
    public void An_odd_margin_crops_from_the_rounded_offset()
    {
        // 5x5 squashed to 5x5 is the identity; the 2x2 crop starts at round(1.5) = 2 on both axes.
        var pixels = Enumerable.Range(0, 25).Select(i => ((byte)(i * 10), (byte)i, (byte)(250 - i))).ToArray();
        using var image = From(5, 5, pixels);

        var tensor = Fill(image, Plain(2, ResizeMode.Squash, Interpolation.Bicubic, resizeTo: 5));

        int[] picked = [12, 13, 17, 18]; // (2,2), (3,2), (2,3), (3,3)
        Close(picked.Select(i => i * 10.0).Concat(picked.Select(i => (double)i)).Concat(picked.Select(i => 250.0 - i))
            .Select(v => v / 255).ToArray(), tensor);
    }

    [Fact]
    public void A_224_image_with_the_clip_spec_is_only_normalised()
    {
        using var image = Random(224, 224, seed: 7);
        var spec = PreprocessSpec.Clip;

        var tensor = Fill(image, spec);

        var expected = new double[tensor.Length];
        var pixels = image.Pixels;
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < 224 * 224; i++)
                expected[c * 224 * 224 + i] = (pixels[3 * i + c] / 255.0 - spec.Mean[c]) / spec.Std[c];
        Close(expected, tensor);
    }

    [Theory]
    [InlineData(640, 480)]
    [InlineData(123, 457)]
    [InlineData(1, 1)]
    public void A_flat_colour_gives_flat_normalised_planes(int width, int height)
    {
        byte[] colour = [12, 130, 250];
        using var image = new RgbImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = colour[i % 3];

        foreach (var spec in new[] { PreprocessSpec.Clip, PreprocessSpec.ImageNet })
        {
            var tensor = Fill(image, spec);
            var expected = Enumerable.Range(0, 3).SelectMany(c =>
                Enumerable.Repeat((colour[c] / 255.0 - spec.Mean[c]) / spec.Std[c], 224 * 224)).ToArray();
            Close(expected, tensor);
        }
    }

    [Fact]
    public void Many_threads_give_the_same_tensors_as_one()
    {
        // Mixed sizes and specs, so each thread keeps replacing its cached taps.
        var specs = new[] { PreprocessSpec.Clip, PreprocessSpec.ImageNet, PreprocessSpec.Clip with { Mode = ResizeMode.Squash } };
        var images = Enumerable.Range(0, 64).Select(i => Random(200 + 37 * (i % 7), 180 + 53 * (i % 5), seed: i)).ToArray();
        try
        {
            var sequential = images.Select((image, i) => Fill(image, specs[i % 3])).ToArray();
            var parallel = new float[64][];
            Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Fill(images[i], specs[i % 3]));

            for (var i = 0; i < 64; i++) Assert.Equal(sequential[i], parallel[i]);
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected_clearly()
    {
        using var image = Random(10, 10, seed: 1);
        Assert.Throws<ArgumentException>(() => ImagePreprocessor.Fill(image, PreprocessSpec.Clip, new float[3 * 224 * 223]));
        Assert.Throws<ArgumentException>(() => Fill(image, PreprocessSpec.ImageNet with { ResizeTo = 200 }));
        Assert.Throws<ArgumentException>(() => Fill(image, PreprocessSpec.Clip with { Std = [1f, 0f, 1f] }));
        Assert.Throws<ArgumentException>(() => Fill(image, PreprocessSpec.Clip with { Mean = [0f, 0f] }));
        Assert.ThrowsAny<ArgumentException>(() => new RgbImage(0, 10));
        Assert.ThrowsAny<ArgumentException>(() => new RgbImage(new byte[5], 2, 1));

        image.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Fill(image, PreprocessSpec.Clip));
    }
}
