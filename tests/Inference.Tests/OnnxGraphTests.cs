using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Inference.Onnx;

namespace Pipeline.Inference.Tests;

public sealed class OnnxGraphTests
{
    private const string Pooled = "resnetv17_pool1_fwd";
    private const string Logits = "resnetv17_dense0_fwd";

    [Fact]
    public void ExposeOutput_makes_the_pooled_ResNet_feature_readable()
    {
        using var session = new InferenceSession(OnnxGraph.ExposeOutput(TinyModels.ResNet50Zoo(), Pooled));

        Assert.Equal([Logits, Pooled], session.OutputNames);
        // Declared without a shape, yet ONNX Runtime's shape inference reports the full one.
        Assert.Equal([-1, 2048, 1, 1], session.OutputMetadata[Pooled].Dimensions);
        var results = TinyRun.Run(session, TinyRun.DefaultFeeds(session, batch: 2));
        Assert.Equal([2L, 2048, 1, 1], results[Pooled].Shape);
        Assert.True(results[Pooled].Values.All(v => float.IsFinite(v) && v >= 0)); // after a Relu
        Assert.Equal([2L, 1000], results[Logits].Shape);
    }

    [Fact]
    public void ExposeOutput_keeps_the_other_outputs_unchanged()
    {
        var original = TinyModels.ResNet50Zoo();
        using var before = new InferenceSession(original);
        using var after = new InferenceSession(OnnxGraph.ExposeOutput(original, Pooled));

        var feeds = TinyRun.DefaultFeeds(before, batch: 2);
        Assert.Equal(TinyRun.Run(before, feeds)[Logits].Values, TinyRun.Run(after, feeds)[Logits].Values);
    }

    [Fact]
    public void ExposeOutput_copies_the_type_and_shape_from_value_info()
    {
        var model = OnnxGraph.Parse(TinyModels.ResNet50Zoo());
        var shape = new TensorShapeProto();
        // A name other than the input's "N", so the metadata shows where the shape came from.
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "images" });
        foreach (var size in new long[] { 2048, 1, 1 })
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = size });
        model.Graph.ValueInfo.Add(new ValueInfoProto
        {
            Name = Pooled,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        });

        using var session = new InferenceSession(OnnxGraph.ExposeOutput(model.ToByteArray(), Pooled));

        Assert.Equal([-1, 2048, 1, 1], session.OutputMetadata[Pooled].Dimensions);
        Assert.Equal("images", session.OutputMetadata[Pooled].SymbolicDimensions[0]);
    }

    [Fact]
    public void ExposeOutput_returns_the_model_as_is_when_the_tensor_already_is_an_output()
    {
        var model = TinyModels.ResNet50Zoo();

        Assert.Same(model, OnnxGraph.ExposeOutput(model, Logits));
    }

    [Fact]
    public void ExposeOutput_names_the_missing_tensor_and_lists_some_that_exist()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxGraph.ExposeOutput(TinyModels.ResNet50Zoo(), "resnetv24_pool1_fwd"));

        Assert.StartsWith("model has no tensor 'resnetv24_pool1_fwd'; tensors: resnetv17_conv0_fwd, ", error.Message);
        Assert.Contains(Pooled, error.Message);
    }

    [Fact]
    public void ExposeOutput_rejects_bytes_that_are_not_a_model()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxGraph.ExposeOutput([0xFF, 0xFF, 0xFF], Pooled));

        Assert.StartsWith("not an ONNX model", error.Message);
    }

    [Fact]
    public void A_parse_and_serialise_round_trip_keeps_unknown_fields_and_the_model_runnable()
    {
        var original = TinyModels.GroundingDinoHuggingFace();
        // Field 25 is ModelProto.functions in the official schema, absent from our subset.
        var unknown = new byte[] { 0xCA, 0x01, 3, 0x0A, 0x01, (byte)'f' }; // tag (25 << 3) | 2 as a varint, length 3, name "f"
        var withUnknown = original.Concat(unknown).ToArray();

        var roundTripped = OnnxGraph.Parse(withUnknown).ToByteArray();

        Assert.Equal(withUnknown, roundTripped);
        Assert.Equal(original, OnnxGraph.Parse(original).ToByteArray());
        using var before = new InferenceSession(original);
        using var after = new InferenceSession(OnnxGraph.Parse(original).ToByteArray());
        var feeds = TinyRun.DefaultFeeds(before, batch: 2);
        Assert.Equal(TinyRun.Run(before, feeds)["pred_boxes"].Values, TinyRun.Run(after, feeds)["pred_boxes"].Values);
    }
}
