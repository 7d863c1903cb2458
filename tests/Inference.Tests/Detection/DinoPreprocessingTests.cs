using Pipeline.Inference.Detection;
using Pipeline.Inference.Preprocessing;
using Pipeline.Vision;

namespace Pipeline.Inference.Tests.Detection;

public sealed class DinoPreprocessingTests
{
    [Theory]
    [InlineData(640, 480, 1066, 800)] // short side to 800, long side truncated
    [InlineData(480, 640, 800, 1066)]
    [InlineData(3000, 1000, 1333, 444)] // long side held at 1333: round(444.33) = 444
    [InlineData(1000, 3000, 444, 1333)]
    [InlineData(1200, 800, 1200, 800)] // already there: unchanged
    [InlineData(100, 50, 1333, 666)] // raw 666.5 rounds half to even
    public void Resized_sizes_follow_transformers_get_size_with_aspect_ratio(int width, int height, int expectedWidth, int expectedHeight)
    {
        var spec = DinoImageSpec.Default;
        Assert.Equal((expectedWidth, expectedHeight), spec.ResizedSize(width, height));
        var canvas = spec.Canvas(width, height);
        Assert.Equal(width >= height ? (1333, 800) : (800, 1333), canvas);
    }

    [Fact]
    public void A_pinned_size_squashes_to_it_and_the_config_overrides_the_defaults()
    {
        var folder = Directory.CreateTempSubdirectory("dino-config-").FullName;
        var path = Path.Combine(folder, "preprocessor_config.json");
        File.WriteAllText(path, """{"size": {"height": 800, "width": 800}, "resample": 3, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5]}""");
        var spec = DinoImageSpec.Read(path);
        Assert.Equal((800, 800), spec.ResizedSize(640, 480));
        Assert.Equal((800, 800), spec.Canvas(480, 640));
        Assert.Equal(Interpolation.Bicubic, spec.Interpolation);
        Assert.Equal([0.5f, 0.5f, 0.5f], spec.Mean);
        Assert.Equal(DinoImageSpec.Default.ShortestEdge, DinoImageSpec.Read(Path.Combine(folder, "absent.json")).ShortestEdge);
    }

    [Fact]
    public void Padded_fill_matches_the_square_resize_and_zeroes_the_padding()
    {
        using var image = new RgbImage([.. Enumerable.Range(0, 90 * 60 * 3).Select(i => (byte)(i * 7 % 251))], 90, 60);
        var spec = new PreprocessSpec(32, ResizeMode.Squash, Interpolation.Bilinear, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);
        var square = new float[3 * 32 * 32];
        ImagePreprocessor.Fill(image, spec, square);
        var padded = new float[3 * 40 * 36];
        Array.Fill(padded, 9f);
        ImagePreprocessor.FillPadded(image, 32, 32, spec.Interpolation, spec.Mean, spec.Std, 40, 36, padded);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 36; y++)
                for (var x = 0; x < 40; x++)
                    Assert.Equal(x < 32 && y < 32 ? square[c * 1024 + y * 32 + x] : 0f, padded[c * 1440 + y * 40 + x]);
        Assert.Throws<ArgumentException>(() => ImagePreprocessor.FillPadded(image, 41, 32, spec.Interpolation, spec.Mean, spec.Std, 40, 36, padded));
    }

    [Fact]
    public void The_bert_tokenizer_wraps_the_normalised_prompt_in_cls_and_sep()
    {
        var folder = DinoFolder.Create();
        var tokens = new DinoTokenizer(Path.Combine(folder, "vocab.txt")).Encode("Cat. Seagull");
        Assert.Equal(["[CLS]", "cat", ".", "sea", "##gull", ".", "[SEP]"], tokens.Tokens);
        Assert.Equal([2L, 7, 6, 9, 10, 6, 3], tokens.Ids);
    }
}
