using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Pipeline.Inference.Embedding;

/// <summary>
/// A user-supplied ONNX model that maps stored vectors to new ones (V' = A(V), e.g. a CLIP-Adapter: bottleneck, ReLU,
/// residual), so a new index comes from the vectors alone, without the images. One float input [N, D], one float
/// output [N, D']; outputs are L2-normalised like every stored vector.
/// </summary>
public sealed class VectorAdapter : IDisposable
{
    private readonly LoadedSession _session;
    private readonly string _input;
    private readonly string _output;

    public int InputDimensions { get; }
    public int? OutputDimensions { get; private set; }

    public VectorAdapter(string path, InferenceOptions options, ILogger logger)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the adapter model '{path}' does not exist", path);
        _session = SessionFactory.Create(File.ReadAllBytes(path), path, options, logger);
        var inputs = _session.Session.InputMetadata;
        var outputs = _session.Session.OutputMetadata;
        if (inputs.Count != 1 || outputs.Count != 1 || !IsMatrix(inputs.Values.Single()) || !IsMatrix(outputs.Values.Single()))
        {
            _session.Dispose();
            throw new InvalidDataException($"{path}: an adapter takes one float tensor [N, D] and gives one float tensor [N, D']; " +
                $"this model has inputs {Describe(inputs)} and outputs {Describe(outputs)}");
        }
        (_input, _output) = (inputs.Keys.Single(), outputs.Keys.Single());
        InputDimensions = inputs[_input].Dimensions[1] is > 0 and var d ? d
            : throw new InvalidDataException($"{path}: the input's second dimension must be fixed to the stored vectors' length");
        OutputDimensions = outputs[_output].Dimensions[1] is > 0 and var o ? o : null;
    }

    /// <summary>Maps <paramref name="rows"/> row-major vectors; each result is normalised.</summary>
    public float[][] Apply(float[] data, int rows)
    {
        if (data.Length != rows * InputDimensions) throw new ArgumentException($"expected {rows} x {InputDimensions} values, got {data.Length}");
        var tensor = new DenseTensor<float>(data, [rows, InputDimensions]);
        using var results = _session.Session.Run([NamedOnnxValue.CreateFromTensor(_input, tensor)], [_output]);
        var output = results[0].AsTensor<float>();
        int width = output.Dimensions[1];
        OutputDimensions ??= width;
        var flat = output.ToArray();
        return Enumerable.Range(0, rows).Select(i => Vectors.Normalised(flat.AsSpan(i * width, width))).ToArray();
    }

    public void Dispose() => _session.Dispose();

    private static bool IsMatrix(NodeMetadata m) => m.ElementType == typeof(float) && m.Dimensions.Length == 2;

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> tensors) =>
        string.Join(", ", tensors.Select(t => $"{t.Key} {t.Value.ElementType.Name}[{string.Join(",", t.Value.Dimensions)}]"));
}
