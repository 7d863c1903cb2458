using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Pipeline.Inference.Detection;

/// <summary>Finds Grounding DINO's ONNX file and checks it is the Hugging Face export this code feeds.</summary>
internal static class DinoModelFiles
{
    public const string Logits = "logits";
    public const string Boxes = "pred_boxes";

    private static readonly (string Name, TensorElementType Type, int Rank)[] Inputs =
    [
        ("pixel_values", TensorElementType.Float, 4), ("input_ids", TensorElementType.Int64, 2),
        ("attention_mask", TensorElementType.Int64, 2), ("token_type_ids", TensorElementType.Int64, 2),
        ("pixel_mask", TensorElementType.Int64, 3),
    ];

    private static readonly (string Name, TensorElementType Type, int Rank)[] Outputs =
        [(Logits, TensorElementType.Float, 3), (Boxes, TensorElementType.Float, 3)];

    private const string Expected = "inputs pixel_values float [B,3,H,W], input_ids, attention_mask, token_type_ids int64 [B,L], "
        + "pixel_mask int64 [B,H,W] and outputs logits float [B,900,256], pred_boxes float [B,900,4] (the Hugging Face export)";

    /// <summary>onnx/model.onnx (the onnx-community layout), else model.onnx at the root.</summary>
    public static string FindModel(string folder)
    {
        string[] candidates = [Path.Combine(folder, "onnx", "model.onnx"), Path.Combine(folder, "model.onnx")];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"no Grounding DINO model: neither '{candidates[0]}' nor '{candidates[1]}' exists", candidates[0]);
    }

    /// <exception cref="InvalidDataException">a tensor is missing or has another element type or rank.</exception>
    public static void Check(InferenceSession session, string file)
    {
        if (!Matches(session.InputMetadata, Inputs) || !Matches(session.OutputMetadata, Outputs))
            throw new InvalidDataException($"{file} is not a Grounding DINO model this pipeline can run: expected {Expected}; "
                + $"it has inputs {Describe(session.InputMetadata)} and outputs {Describe(session.OutputMetadata)}");
    }

    private static bool Matches(IReadOnlyDictionary<string, NodeMetadata> actual, (string Name, TensorElementType Type, int Rank)[] expected) =>
        expected.All(e => actual.TryGetValue(e.Name, out var m) && m.ElementDataType == e.Type && m.Dimensions.Length == e.Rank);

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> tensors) =>
        string.Join(", ", tensors.Select(t => $"'{t.Key}' {t.Value.ElementDataType} [{string.Join(",", t.Value.Dimensions.Select(d => d > 0 ? d.ToString() : "?"))}]"));
}
