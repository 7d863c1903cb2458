using static Pipeline.Inference.Tests.GraphBuilder;
using DataType = Pipeline.Inference.Onnx.TensorProto.Types.DataType;

namespace Pipeline.Inference.Tests;

internal static partial class TinyModels
{
    public const int DinoQueries = 900;
    public const int DinoMaxTextLength = 256;

    /// <summary>
    /// onnx-community/grounding-dino-tiny-ONNX: <c>pixel_values</c> f32 [B,3,H,W], <c>input_ids</c>,
    /// <c>attention_mask</c>, <c>token_type_ids</c> i64 [B,L], <c>pixel_mask</c> i64 [B,H,W] →
    /// <c>logits</c> [B,900,256], <c>pred_boxes</c> [B,900,4] (sigmoid, cx,cy,w,h in 0..1).
    /// As in Hugging Face's GroundingDinoContrastiveEmbedding, logits[b,q,t] is a query·token score,
    /// −∞ where attention_mask is 0 and for t ≥ L (padding up to 256). H and W must be ≥ 8.
    /// </summary>
    public static byte[] GroundingDinoHuggingFace()
    {
        var g = new GraphBuilder("grounding_dino_tiny", seed: 4);
        g.Input("pixel_values", DataType.Float, "batch_size", 3, "height", "width")
            .Input("input_ids", DataType.Int64, "batch_size", "sequence_length")
            .Input("attention_mask", DataType.Int64, "batch_size", "sequence_length")
            .Input("token_type_ids", DataType.Int64, "batch_size", "sequence_length")
            .Input("pixel_mask", DataType.Int64, "batch_size", "height", "width")
            .Output("logits", DataType.Float, "batch_size", DinoQueries, DinoMaxTextLength)
            .Output("pred_boxes", DataType.Float, "batch_size", DinoQueries, 4);
        var axis1 = g.Int64s("axis_1", [1]);
        var axis2 = g.Int64s("axis_2", [2]);

        // Image: padded pixels (pixel_mask 0) are zeroed; an 8x8 patch conv keeps pixel layout relevant.
        var pixelMask = g.Node("Unsqueeze", [g.Node("Cast", ["pixel_mask"], Attr("to", (long)DataType.Float)), axis1]);
        var patches = g.Node("Conv",
            [g.Node("Mul", ["pixel_values", pixelMask]), g.Weights("patch_weight", 0.1f, 8, 3, 8, 8), g.Weights("patch_bias", 0.1f, 8)],
            Attr("kernel_shape", [8, 8]), Attr("strides", [8, 8]));
        var image = g.Node("Flatten", [g.Node("GlobalAveragePool", [g.Node("Relu", [patches])])], Attr("axis", 1)); // [B,8]

        // Text: per-token features (token_type_ids shift the ids, all zeros in practice) and their masked sum.
        var ids = g.Node("Mod", [g.Node("Add", ["input_ids", "token_type_ids"]), g.Int64s("vocabulary", [Vocabulary], dims: [])]);
        var tokens = g.Node("Gather", [g.Weights("token_embedding", 1f, Vocabulary, 8), ids]); // [B,L,8]
        var tokenWeights = g.Node("Unsqueeze", [g.Node("Cast", ["attention_mask"], Attr("to", (long)DataType.Float)), axis2]);
        var text = g.Node("ReduceSum", [g.Node("Mul", [tokens, tokenWeights]), axis1], Attr("keepdims", 0)); // [B,8]

        // Queries: learned embeddings shifted by the image and the whole prompt.
        var context = g.Node("Unsqueeze", [g.Node("Concat", [image, text], Attr("axis", 1)), axis1]); // [B,1,16]
        var queries = g.Node("Tanh", [g.Node("Add", [context, g.Weights("query_embedding", 1f, DinoQueries, 16)])]); // [B,900,16]
        g.Node("Sigmoid", "pred_boxes", [g.Node("MatMul", [queries, g.Weights("box_head", 0.5f, 16, 4)])]);

        // Logits: query·token scores, masked and padded with −∞ to 256 tokens.
        var tokenKeys = g.Node("Transpose", [g.Node("MatMul", [tokens, g.Weights("token_head", 0.5f, 8, 16)])], Attr("perm", [0, 2, 1]));
        var scores = g.Node("MatMul", [queries, tokenKeys]); // [B,900,L]
        var negativeInfinity = g.Floats("negative_infinity", [], [float.NegativeInfinity]);
        var keep = g.Node("Unsqueeze", [g.Node("Cast", ["attention_mask"], Attr("to", (long)DataType.Bool)), axis1]); // [B,1,L]
        var masked = g.Node("Where", [keep, scores, negativeInfinity]);
        var missing = g.Node("Sub", [g.Int64s("max_text_length", [DinoMaxTextLength]),
            g.Node("Shape", ["input_ids"], Attr("start", 1), Attr("end", 2))]);
        var pads = g.Node("Concat", [g.Int64s("pads_before", [0, 0, 0, 0, 0]), missing], Attr("axis", 0));
        g.Node("Pad", "logits", [masked, pads, negativeInfinity]);
        return g.Build();
    }
}
