using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Inference.Embedding;
using Pipeline.Inference.Models;
using Pipeline.Vision;

namespace Pipeline.Inference.Tests.Models;

public sealed class OnnxImageEmbedderTests : IClassFixture<ModelFolders>, IDisposable
{
    private static readonly InferenceOptions Cpu = new() { Provider = ExecutionProvider.Auto };
    private readonly ModelFolders _folders;
    private readonly string _images = Directory.CreateTempSubdirectory("embed-").FullName;
    private readonly ImageRegion[] _batch;

    public OnnxImageEmbedderTests(ModelFolders folders)
    {
        _folders = folders;
        var large = SyntheticImages.Generate(Path.Combine(_images, "large"), 3, groups: 3, width: 640, height: 480, seed: 2);
        // Smaller than the 224 crop: upscaled, as CLIP's own preprocessing does.
        var small = SyntheticImages.Generate(Path.Combine(_images, "small"), 1, groups: 1, width: 120, height: 90, seed: 3, format: "png");
        _batch = [.. large.Select(i => new ImageRegion(i.Path)), new ImageRegion(small[0].Path), new ImageRegion(large[0].Path, new PixelBox(100, 50, 300, 200))];
    }

    // Scanned per load: some tests add model folders.
    private OnnxImageEmbedder Load(string name, InferenceOptions? options = null) =>
        new(ModelRegistry.Scan(_folders.Root).Get(name), options ?? Cpu, NullLogger.Instance);

    [Fact]
    public void Clip_vectors_are_unit_length_and_do_not_depend_on_the_batch()
    {
        using var clip = Load("clip-immich");
        var batched = clip.Embed(_batch);
        Assert.Equal("CPU", clip.Provider);
        Assert.All(batched, v => Assert.Equal(1f, MathF.Sqrt(v.Sum(x => x * x)), 4));
        for (var i = 0; i < _batch.Length; i++)
            Assert.Equal(batched[i], clip.Embed(_batch[i].Path, _batch[i].Box), new Tolerance(1e-5f));
        Assert.NotEqual(batched[0], batched[4], new Tolerance(1e-3f));
    }

    [Fact]
    public void A_batch_one_export_is_run_image_by_image_with_the_same_result()
    {
        using var dynamic = Load("clip-immich");
        using var fixedOne = Load("clip-batch1");
        var a = dynamic.Embed(_batch);
        var b = fixedOne.Embed(_batch);
        for (var i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], new Tolerance(1e-5f));
    }

    [Fact]
    public void Hugging_face_vectors_are_normalised_to_the_same_as_immich_ones()
    {
        using var immich = Load("clip-immich");
        using var hf = Load("clip-hf");
        Assert.Equal(immich.Embed(_batch[0].Path), hf.Embed(_batch[0].Path), new Tolerance(1e-5f));
    }

    [Fact]
    public void Resnet_features_are_the_pooled_2048_d_tensor()
    {
        using var resnet = Load("resnet50");
        var v = resnet.Embed(_batch);
        Assert.All(v, x => Assert.Equal(2048, x.Length));
        Assert.All(v, x => Assert.Equal(1f, MathF.Sqrt(x.Sum(y => y * y)), 4));
    }

    [Fact]
    public void An_unreadable_image_in_a_batch_is_rejected_with_its_reason()
    {
        using var clip = Load("clip-immich");
        var broken = Path.Combine(_images, "broken.jpg");
        File.WriteAllBytes(broken, File.ReadAllBytes(_batch[0].Path)[..200]);
        var e = Assert.Throws<ImageRejectedException>(() => clip.Embed([.. _batch, new ImageRegion(broken), .. _batch]));
        Assert.Contains("JPEG", e.Message);
        Assert.Equal(clip.Embed(_batch[0].Path), clip.Embed(_batch)[0]); // the embedder is still sound afterwards
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        _folders.WriteCustom("no-file", "image", withFile: false);
        var e = Assert.Throws<FileNotFoundException>(() => Load("no-file"));
        Assert.Contains(Path.Combine(_folders.Root, "no-file", "image.onnx"), e.Message);
    }

    [Fact]
    public void Wrong_input_names_are_refused_with_what_the_model_has()
    {
        _folders.WriteCustom("wrong-input", "pixels");
        var e = Assert.Throws<InvalidDataException>(() => Load("wrong-input"));
        Assert.Contains("'pixels'", e.Message);
        Assert.Contains("'image'", e.Message);
    }

    [Fact]
    public void Asking_for_cuda_without_it_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Load("clip-immich", new InferenceOptions { Provider = ExecutionProvider.Cuda }));
        Assert.Contains("CUDA cannot start", e.Message);
    }

    public void Dispose() => Directory.Delete(_images, recursive: true);

    private sealed class Tolerance(float epsilon) : IEqualityComparer<float[]>
    {
        public bool Equals(float[]? x, float[]? y) => x!.Length == y!.Length && x.Zip(y).All(p => MathF.Abs(p.First - p.Second) <= epsilon);
        public int GetHashCode(float[] obj) => 0;
    }
}
