using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using T = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Pipeline.Inference.Tests;

/// <summary>The tiny models look, to ONNX Runtime, like the published ones, and run.</summary>
public sealed class TinyOnnxModelTests
{
    private sealed record Io(string Name, TensorElementType Type, params int[] Dims)
    {
        public override string ToString() => $"{Name}:{Type}[{string.Join(",", Dims)}]";
    }

    // -1 marks a dynamic dimension, as ONNX Runtime reports it.
    private static readonly Dictionary<string, (Func<byte[]> Build, Io[] Inputs, Io[] Outputs)> Models = new()
    {
        ["clip-visual-immich"] = (() => TinyModels.ClipVisualImmich(),
            [new("image", T.Float, -1, 3, 224, 224)], [new("embedding", T.Float, -1, 512)]),
        ["clip-visual-immich-batch1"] = (() => TinyModels.ClipVisualImmich(fixedBatch1: true, outputName: "image_embedding"),
            [new("image", T.Float, 1, 3, 224, 224)], [new("image_embedding", T.Float, 1, 512)]),
        ["clip-visual-hf"] = (TinyModels.ClipVisualHuggingFace,
            [new("pixel_values", T.Float, -1, 3, 224, 224)], [new("image_embeds", T.Float, -1, 512)]),
        ["clip-text-immich"] = (TinyModels.ClipTextImmich,
            [new("text", T.Int32, -1, 77)], [new("embedding", T.Float, -1, 512)]),
        ["clip-text-hf"] = (TinyModels.ClipTextHuggingFace,
            [new("input_ids", T.Int64, -1, -1)], [new("text_embeds", T.Float, -1, 512)]),
        ["resnet50-zoo"] = (TinyModels.ResNet50Zoo,
            [new("data", T.Float, -1, 3, 224, 224)], [new("resnetv17_dense0_fwd", T.Float, -1, 1000)]),
        ["grounding-dino-hf"] = (TinyModels.GroundingDinoHuggingFace,
            [new("pixel_values", T.Float, -1, 3, -1, -1), new("input_ids", T.Int64, -1, -1), new("attention_mask", T.Int64, -1, -1),
             new("token_type_ids", T.Int64, -1, -1), new("pixel_mask", T.Int64, -1, -1, -1)],
            [new("logits", T.Float, -1, 900, 256), new("pred_boxes", T.Float, -1, 900, 4)]),
    };

    public static IEnumerable<object[]> ModelNames => Models.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Metadata_has_the_published_names_element_types_and_dimensions(string model)
    {
        var (build, inputs, outputs) = Models[model];
        using var session = new InferenceSession(build());

        Assert.Equal(inputs.Select(i => i.ToString()), Describe(session.InputMetadata));
        Assert.Equal(outputs.Select(o => o.ToString()), Describe(session.OutputMetadata));
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Runs_a_batch_and_gives_outputs_of_the_declared_shape(string model)
    {
        var (build, _, outputs) = Models[model];
        using var session = new InferenceSession(build());
        var batch = session.InputMetadata.First().Value.Dimensions[0] == 1 ? 1 : 2;

        var results = TinyRun.Run(session, TinyRun.DefaultFeeds(session, batch));

        foreach (var output in outputs)
        {
            var result = results[output.Name];
            Assert.Equal(output.Dims.Select(d => d < 0 ? batch : (long)d), result.Shape);
            // Grounding DINO's logits are −∞ for padding tokens by design (see GroundingDinoHuggingFace).
            Assert.True(output.Name == "logits" ? !result.Values.Any(float.IsNaN) : result.Values.All(float.IsFinite), output.Name);
        }
    }

    [Theory]
    [InlineData("clip-visual-immich")]
    [InlineData("clip-visual-immich-batch1")]
    [InlineData("clip-text-immich")]
    public void Immich_outputs_are_unit_vectors(string model)
    {
        using var session = new InferenceSession(Models[model].Build());
        var batch = session.InputMetadata.First().Value.Dimensions[0] == 1 ? 1 : 2;

        var result = TinyRun.Run(session, TinyRun.DefaultFeeds(session, batch)).Values.Single();

        foreach (var row in result.Values.Chunk(TinyModels.EmbeddingSize))
            Assert.Equal(1.0, Math.Sqrt(row.Sum(v => (double)v * v)), 5);
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Models_are_small_and_deterministic(string model)
    {
        var build = Models[model].Build;
        var bytes = build();

        Assert.InRange(bytes.Length, 1, 1024 * 1024);
        Assert.Equal(bytes, build());
    }

    private static IEnumerable<string> Describe(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        metadata.Select(m => new Io(m.Key, m.Value.ElementDataType, m.Value.Dimensions).ToString());
}
