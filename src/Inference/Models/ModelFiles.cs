using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Pipeline.Inference.Models;

/// <summary>Reads model files and checks them against what their descriptor promises, with errors that name file and tensors.</summary>
internal static class ModelFiles
{
    public static byte[] Read(string file) => File.Exists(file) ? File.ReadAllBytes(file)
        : throw new FileNotFoundException($"model file '{file}' is missing", file);

    /// <summary>Checks the image input [N,3,S,S] float and the output of the embedding size; returns the output name and the fixed batch (0 = any).</summary>
    public static (string Output, int MaxBatch) CheckImageModel(InferenceSession session, ModelDescriptor model, string file)
    {
        var size = model.Preprocess.Size;
        var expected = $"input '{model.ImageInput}' float [N,3,{size},{size}] and an output of {model.Dimensions} floats per image";
        if (!session.InputMetadata.TryGetValue(model.ImageInput, out var input)
            || input.ElementDataType != TensorElementType.Float || input.Dimensions.Length != 4
            || !Fits(input.Dimensions[1], 3) || !Fits(input.Dimensions[2], size) || !Fits(input.Dimensions[3], size))
            throw Mismatch(file, expected, session);

        var output = model.ImageOutput ?? session.OutputNames[0];
        if (!session.OutputMetadata.TryGetValue(output, out var meta)) throw Mismatch(file, expected, session);
        var perImage = meta.Dimensions.Skip(1).Aggregate(1L, (a, d) => d > 0 ? a * d : -1);
        if (perImage > 0 && perImage != model.Dimensions) throw Mismatch(file, expected, session);
        return (output, input.Dimensions[0] > 0 ? input.Dimensions[0] : 0);
    }

    private static bool Fits(int actual, int wanted) => actual <= 0 || actual == wanted;

    private static InvalidDataException Mismatch(string file, string expected, InferenceSession session) =>
        new($"{file} does not match its model: expected {expected}; it has inputs {Describe(session.InputMetadata)} and outputs {Describe(session.OutputMetadata)}");

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> tensors) =>
        string.Join(", ", tensors.Select(t => $"'{t.Key}' {t.Value.ElementDataType} [{string.Join(",", t.Value.Dimensions.Select(d => d > 0 ? d.ToString() : "?"))}]"));
}
