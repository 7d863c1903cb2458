using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Inference.Detection;
using Pipeline.Vision;

namespace Pipeline.Inference.Tests.Detection;

public sealed class GroundingDinoDetectorTests
{
    private static readonly InferenceOptions Cpu = new() { Provider = ExecutionProvider.Cpu };

    // Small edges keep the tiny model fast; the arithmetic is that of the published 800/1333.
    private const string SmallConfig = """{"size": {"shortest_edge": 64, "longest_edge": 96}, "resample": 2}""";

    // The tiny model's scores mean nothing: keep every box so the geometry is exercised.
    private static readonly DetectionOptions Everything = new() { BoxThreshold = 0, TextThreshold = 0, MinRegionSize = 1, Prompt = "cat. dog." };

    private static readonly string Images = Directory.CreateTempSubdirectory("dino-images-").FullName;

    private static readonly (string Path, int Width, int Height)[] Batch =
    [
        (SyntheticImages.Generate(Path.Combine(Images, "a"), 1, 1, 320, 240, seed: 1)[0].Path, 320, 240),
        (SyntheticImages.Generate(Path.Combine(Images, "b"), 1, 1, 150, 300, seed: 2, format: "png")[0].Path, 150, 300),
        (SyntheticImages.Generate(Path.Combine(Images, "c"), 1, 1, 500, 100, seed: 3)[0].Path, 500, 100),
        (SyntheticImages.Generate(Path.Combine(Images, "d"), 1, 1, 48, 40, seed: 4, format: "png")[0].Path, 48, 40),
    ];

    private static GroundingDinoDetector Load(string folder) => new(folder, Cpu, NullLogger.Instance);

    [Fact]
    public void A_mixed_batch_gives_boxes_inside_each_image_and_the_same_as_one_by_one()
    {
        using var detector = Load(DinoFolder.Create(SmallConfig));
        Assert.Equal("CPU", detector.Provider);
        var paths = Batch.Select(b => b.Path).ToArray();
        var batched = detector.Detect(paths, Everything);
        Assert.Equal(Batch.Length, batched.Count);
        for (var i = 0; i < Batch.Length; i++)
        {
            Assert.NotEmpty(batched[i]);
            Assert.All(batched[i], r => Assert.True(r.X >= 0 && r.Y >= 0 && r.Width >= 1 && r.Height >= 1
                && r.X + r.Width <= Batch[i].Width && r.Y + r.Height <= Batch[i].Height, $"{r} outside {Batch[i].Width}x{Batch[i].Height}"));
            Assert.All(batched[i], r => Assert.Contains(r.Label, new[] { "cat", "dog", "cat dog" }));
            AssertSame(batched[i], detector.Detect([paths[i]], Everything)[0]);
        }
        Assert.Equal(batched, detector.Detect(paths, Everything));
        // The images' content reaches the model.
        Assert.NotEqual(batched[0].Select(r => r.Score), batched[2].Select(r => r.Score));
    }

    /// <summary>
    /// The same regions up to float rounding: the padded image is identical alone or batched, but ONNX Runtime's
    /// kernels may sum in another order for another batch size (last-bit score differences, a pixel at a floor).
    /// </summary>
    private static void AssertSame(IReadOnlyList<DetectedRegion> expected, IReadOnlyList<DetectedRegion> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.All(expected, e => Assert.Contains(actual, a => a.Label == e.Label && Math.Abs(a.Score - e.Score) < 1e-5f
            && Math.Abs(a.X - e.X) <= 1 && Math.Abs(a.Y - e.Y) <= 1 && Math.Abs(a.Width - e.Width) <= 1 && Math.Abs(a.Height - e.Height) <= 1));
    }

    [Fact]
    public void Results_follow_the_options_and_the_prompt()
    {
        using var detector = Load(DinoFolder.Create(SmallConfig));
        var all = detector.Detect([Batch[0].Path], Everything)[0];
        var capped = detector.Detect([Batch[0].Path], Everything with { MaxRegions = 3 })[0];
        Assert.Equal(all.Take(3), capped);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        var other = detector.Detect([Batch[0].Path], Everything with { Prompt = "face." })[0];
        Assert.All(other, r => Assert.Equal("face", r.Label));
        Assert.Equal(all, detector.Detect([Batch[0].Path], Everything)[0]);
    }

    [Fact]
    public void The_published_800_by_1333_preprocessing_runs_without_a_config()
    {
        using var detector = Load(DinoFolder.Create(modelPath: "model.onnx"));
        var results = detector.Detect([Batch[0].Path, Batch[1].Path], Everything with { MaxRegions = 5 });
        Assert.All(results, r => Assert.Equal(5, r.Count));
        AssertSame(results[1], detector.Detect([Batch[1].Path], Everything with { MaxRegions = 5 })[0]);
    }

    [Fact]
    public void Missing_files_are_named()
    {
        var empty = Directory.CreateTempSubdirectory("dino-empty-").FullName;
        var model = Assert.Throws<FileNotFoundException>(() => Load(empty));
        Assert.Contains(Path.Combine(empty, "onnx", "model.onnx"), model.Message);
        var vocab = Assert.Throws<FileNotFoundException>(() => Load(DinoFolder.Create(vocab: false)));
        Assert.Contains("vocab.txt", vocab.Message);
    }

    [Fact]
    public void A_model_with_other_tensors_is_refused_with_the_expected_names()
    {
        var folder = DinoFolder.Create(model: TinyModels.ClipVisualHuggingFace());
        var e = Assert.Throws<InvalidDataException>(() => Load(folder));
        Assert.Contains(Path.Combine(folder, "onnx", "model.onnx"), e.Message);
        Assert.Contains("pixel_mask int64 [B,H,W]", e.Message);
        Assert.Contains("'image_embeds'", e.Message);
    }

    [Fact]
    public void An_unusable_preprocessor_config_is_named()
    {
        var e = Assert.Throws<InvalidDataException>(() => Load(DinoFolder.Create("""{"resample": 5}""")));
        Assert.Contains("preprocessor_config.json", e.Message);
    }
}
