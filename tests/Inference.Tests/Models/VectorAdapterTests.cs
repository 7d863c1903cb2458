using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Inference.Embedding;

namespace Pipeline.Inference.Tests.Models;

public sealed class VectorAdapterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("adapter-").FullName;
    private static readonly InferenceOptions Cpu = new() { Provider = ExecutionProvider.Cpu };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Vectors_are_mapped_row_by_row_and_normalised()
    {
        var path = TinyModels.WriteTo(_dir, "adapter.onnx", TinyModels.VectorAdapter(16));
        using var adapter = new VectorAdapter(path, Cpu, NullLogger.Instance);
        var random = new Random(2);
        var data = Enumerable.Range(0, 3 * 16).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        var together = adapter.Apply(data, 3);
        var alone = adapter.Apply(data[16..32], 1);

        Assert.Equal((16, 16), (adapter.InputDimensions, adapter.OutputDimensions!.Value));
        Assert.All(together, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5));
        Assert.Equal(alone[0], together[1]);
        Assert.NotEqual(Normalised(data[16..32]), together[1]); // it does change the vector
    }

    [Fact]
    public void A_model_that_is_not_an_adapter_is_refused_with_its_tensors_named()
    {
        var path = TinyModels.WriteTo(_dir, "clip.onnx", TinyModels.ClipVisualImmich());
        var e = Assert.Throws<InvalidDataException>(() => new VectorAdapter(path, Cpu, NullLogger.Instance));
        Assert.Contains("image Single[-1,3,224,224]", e.Message);
        Assert.Throws<FileNotFoundException>(() => new VectorAdapter(Path.Combine(_dir, "missing.onnx"), Cpu, NullLogger.Instance));
    }

    private static float[] Normalised(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
