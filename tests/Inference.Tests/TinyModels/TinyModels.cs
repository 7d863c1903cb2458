using static Pipeline.Inference.Tests.GraphBuilder;
using DataType = Pipeline.Inference.Onnx.TensorProto.Types.DataType;

namespace Pipeline.Inference.Tests;

/// <summary>
/// Tiny stand-ins for the published models (see shared/MODELS.md): the same input/output names,
/// element types and ranks, random but deterministic weights, each well under 1 MB. Their outputs
/// mean nothing, but they depend on what a real model's would (pixel layout, every text token up
/// to the end token, masks), so preprocessing mistakes change results.
/// </summary>
internal static partial class TinyModels
{
    public const int EmbeddingSize = 512;
    public const int ClipContextLength = 77;

    // Kept far below CLIP's 49408 so the table stays small; ids are folded into it with Mod.
    private const long Vocabulary = 1000;

    /// <summary>Immich's CLIP ViT-B/32 visual tower: <c>image</c> [N,3,224,224] → L2-normalised [N,512].</summary>
    public static byte[] ClipVisualImmich(bool fixedBatch1 = false, string outputName = "embedding")
    {
        var g = new GraphBuilder("clip_visual_immich", seed: 1);
        Dim batch = fixedBatch1 ? 1 : "batch";
        g.Input("image", DataType.Float, batch, 3, 224, 224).Output(outputName, DataType.Float, batch, EmbeddingSize);
        g.Node("LpNormalization", outputName, [VisualTower(g, "image", "projected")], Attr("axis", -1), Attr("p", 2));
        return g.Build();
    }

    /// <summary>
    /// Hugging Face's <c>vision_model.onnx</c>: <c>pixel_values</c> [B,3,224,224] → <c>image_embeds</c>
    /// [B,512], not normalised. Same weights as <see cref="ClipVisualImmich"/>: normalised, its
    /// vectors equal Immich's.
    /// </summary>
    public static byte[] ClipVisualHuggingFace()
    {
        var g = new GraphBuilder("clip_visual_hf", seed: 1);
        g.Input("pixel_values", DataType.Float, "batch_size", 3, 224, 224)
            .Output("image_embeds", DataType.Float, "batch_size", EmbeddingSize);
        VisualTower(g, "pixel_values", "image_embeds");
        return g.Build();
    }

    /// <summary>Immich's textual tower: <c>text</c> int32 [N,77] → L2-normalised <c>embedding</c> [N,512].</summary>
    public static byte[] ClipTextImmich()
    {
        var g = new GraphBuilder("clip_text_immich", seed: 2);
        g.Input("text", DataType.Int32, "batch", ClipContextLength).Output("embedding", DataType.Float, "batch", EmbeddingSize);
        var ids = g.Node("Cast", ["text"], Attr("to", (long)DataType.Int64));
        g.Node("LpNormalization", "embedding", [TextTower(g, ids, "projected")], Attr("axis", -1), Attr("p", 2));
        return g.Build();
    }

    /// <summary>
    /// Hugging Face's <c>text_model.onnx</c>: <c>input_ids</c> int64 [B,L] → <c>text_embeds</c> [B,512],
    /// not normalised, L ≤ 77 as in the real model. Same weights as <see cref="ClipTextImmich"/>.
    /// </summary>
    public static byte[] ClipTextHuggingFace()
    {
        var g = new GraphBuilder("clip_text_hf", seed: 2);
        g.Input("input_ids", DataType.Int64, "batch_size", "sequence_length")
            .Output("text_embeds", DataType.Float, "batch_size", EmbeddingSize);
        TextTower(g, "input_ids", "text_embeds");
        return g.Build();
    }

    /// <summary>
    /// The model zoo's resnet50-v1-12: <c>data</c> [N,3,224,224] → logits <c>resnetv17_dense0_fwd</c>
    /// [N,1000]; the pooled feature <c>resnetv17_pool1_fwd</c> [N,2048,1,1] is internal, as in the
    /// real file, and has no value_info.
    /// </summary>
    public static byte[] ResNet50Zoo()
    {
        var g = new GraphBuilder("resnetv17", seed: 3);
        g.Input("data", DataType.Float, "N", 3, 224, 224).Output("resnetv17_dense0_fwd", DataType.Float, "N", 1000);
        var conv = g.Node("Conv", "resnetv17_conv0_fwd",
            ["data", g.Weights("resnetv17_conv0_weight", 0.3f, 2048, 3, 2, 2), g.Weights("resnetv17_conv0_bias", 0.1f, 2048)],
            Attr("kernel_shape", [2, 2]), Attr("strides", [16, 16]));
        var relu = g.Node("Relu", "resnetv17_relu0_fwd", [conv]);
        var pooled = g.Node("GlobalAveragePool", "resnetv17_pool1_fwd", [relu]);
        // The real dense layer is 2048→1000 (8 MB); averaging 32 groups of 64 channels first keeps
        // the weights small while every channel still reaches the logits.
        var grouped = g.Node("Reshape", [pooled, g.Int64s("group_shape", [0, 32, 64])]);
        var folded = g.Node("ReduceMean", [grouped], Attr("axes", [1]), Attr("keepdims", 0));
        g.Node("Gemm", "resnetv17_dense0_fwd",
            [folded, g.Weights("resnetv17_dense0_weight", 0.125f, 1000, 64), g.Weights("resnetv17_dense0_bias", 0.1f, 1000)],
            Attr("transB", 1));
        return g.Build();
    }

    /// <summary>
    /// A CLIP-Adapter over stored vectors: <c>input</c> [N,dim] → <c>output</c> [N,dim] = 0.8·x + 0.2·ReLU(x·W1)·W2,
    /// with a bottleneck of dim/4, as the classical-books work used.
    /// </summary>
    public static byte[] VectorAdapter(int dim)
    {
        var g = new GraphBuilder("clip_adapter", seed: 4);
        g.Input("input", DataType.Float, "N", dim).Output("output", DataType.Float, "N", dim);
        var hidden = g.Node("Relu", [g.Node("MatMul", ["input", g.Weights("down", 0.5f, dim, dim / 4)])]);
        var adapted = g.Node("MatMul", [hidden, g.Weights("up", 0.5f, dim / 4, dim)]);
        var residual = g.Node("Mul", ["input", g.Floats("keep", [1], [0.8f])]);
        g.Node("Add", "output", [residual, g.Node("Mul", [adapted, g.Floats("mix", [1], [0.2f])])]);
        return g.Build();
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="folder"/>/<paramref name="relativePath"/> (e.g. "visual/model.onnx") and returns the full path.</summary>
    public static string WriteTo(string folder, string relativePath, byte[] model)
    {
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, model);
        return path;
    }

    // A ViT-B/32-like patch step: one 32x32/stride-32 convolution sees each patch where it lies,
    // so a shifted, flipped or channel-swapped image gives a different vector.
    private static string VisualTower(GraphBuilder g, string image, string output)
    {
        var patches = g.Node("Conv", [image, g.Weights("patch_weight", 0.02f, 4, 3, 32, 32), g.Weights("patch_bias", 0.1f, 4)],
            Attr("kernel_shape", [32, 32]), Attr("strides", [32, 32]));
        var flat = g.Node("Flatten", [g.Node("Relu", [patches])], Attr("axis", 1)); // [N, 4*7*7]
        var projected = g.Node("MatMul", [flat, g.Weights("visual_projection", 0.07f, 4 * 7 * 7, EmbeddingSize)]);
        return g.Node("Add", output, [projected, g.Weights("visual_bias", 0.1f, EmbeddingSize)]);
    }

    // Like CLIP's text transformer: token + position embeddings, causal mixing (a cumulative sum
    // stands in for causal attention), then the state at argmax(ids), the end token, is projected.
    // So every token up to the end token counts and padding after it does not.
    private static string TextTower(GraphBuilder g, string ids, string output)
    {
        var folded = g.Node("Mod", [ids, g.Int64s("vocabulary", [Vocabulary], dims: [])]);
        var tokens = g.Node("Gather", [g.Weights("token_embedding", 1f, Vocabulary, 64), folded]); // [B,L,64]
        var length = g.Node("Shape", [ids], Attr("start", 1), Attr("end", 2));
        var positions = g.Node("Slice",
            [g.Weights("position_embedding", 1f, ClipContextLength, 64), g.Int64s("zero", [0]), length, g.Int64s("axis_0", [0])]);
        // Tanh before summing, or the sum would not depend on word order.
        var mixed = g.Node("Tanh", [g.Node("Add", [tokens, positions])]);
        var hidden = g.Node("CumSum", [mixed, g.Int64s("axis_1", [1], dims: [])]);
        var end = g.Node("ArgMax", [g.Node("Cast", [ids], Attr("to", (long)DataType.Float))], Attr("axis", 1), Attr("keepdims", 1));
        var pooled = g.Node("GatherND", [hidden, end], Attr("batch_dims", 1)); // [B,64]
        var projected = g.Node("MatMul", [pooled, g.Weights("text_projection", 0.125f, 64, EmbeddingSize)]);
        return g.Node("Add", output, [projected, g.Weights("text_bias", 0.1f, EmbeddingSize)]);
    }
}
