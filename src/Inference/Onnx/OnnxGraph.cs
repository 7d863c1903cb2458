using Google.Protobuf;

namespace Pipeline.Inference.Onnx;

/// <summary>Edits to a serialised ONNX model made before ONNX Runtime loads it.</summary>
internal static class OnnxGraph
{
    // How many tensor names the "no such tensor" error lists: enough to spot a naming scheme.
    private const int NamesInError = 12;

    /// <summary>
    /// Makes <paramref name="tensorName"/> a graph output so that ONNX Runtime returns it; ONNX
    /// Runtime only returns graph outputs, and e.g. ResNet50's pooled feature
    /// (<c>resnetv17_pool1_fwd</c>) is an internal tensor. Returns the input array itself when the
    /// tensor already is an output.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a model, or no node produces the tensor.</exception>
    public static byte[] ExposeOutput(byte[] model, string tensorName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(tensorName);

        var proto = Parse(model);
        var graph = proto.Graph ?? throw new InvalidDataException("ONNX model has no graph");
        if (graph.Output.Any(o => o.Name == tensorName))
            return model;

        var produced = graph.Node.SelectMany(n => n.Output).Where(n => n.Length > 0).ToList();
        if (!produced.Contains(tensorName))
        {
            var more = produced.Count > NamesInError ? $", ... ({produced.Count} in all)" : "";
            throw new InvalidDataException(
                $"model has no tensor '{tensorName}'; tensors: {string.Join(", ", produced.Take(NamesInError))}{more}");
        }

        // A value_info entry carries the exporter's element type and shape; without one the type
        // is declared float with an unknown shape and ONNX Runtime's shape inference fills it in.
        var known = graph.ValueInfo.FirstOrDefault(v => v.Name == tensorName && v.Type?.TensorType is not null);
        graph.Output.Add(known?.Clone() ?? new ValueInfoProto
        {
            Name = tensorName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
        });
        return proto.ToByteArray();
    }

    /// <summary>Parses a serialised ModelProto, turning protobuf errors into <see cref="InvalidDataException"/>.</summary>
    public static ModelProto Parse(byte[] model)
    {
        try
        {
            return ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"not an ONNX model: {e.Message}", e);
        }
    }
}
