using System.Runtime.InteropServices;
using Google.Protobuf;
using Pipeline.Inference.Onnx;
using DataType = Pipeline.Inference.Onnx.TensorProto.Types.DataType;

namespace Pipeline.Inference.Tests;

/// <summary>A graph dimension: a fixed size or a named, dynamic one ("batch").</summary>
internal readonly record struct Dim(long Value, string? Param)
{
    public static implicit operator Dim(long value) => new(value, null);
    public static implicit operator Dim(string param) => new(0, param);
}

/// <summary>
/// Builds a small ONNX model (opset 17, IR 8) node by node. Weights come from a seeded
/// <see cref="Random"/>, so a given builder sequence always yields the same bytes.
/// </summary>
internal sealed class GraphBuilder(string name, int seed)
{
    private readonly GraphProto _graph = new() { Name = name };
    private readonly Random _random = new(seed);
    private int _nodes;

    public GraphBuilder Input(string tensor, DataType type, params Dim[] dims)
    {
        _graph.Input.Add(ValueInfo(tensor, type, dims));
        return this;
    }

    public GraphBuilder Output(string tensor, DataType type, params Dim[] dims)
    {
        _graph.Output.Add(ValueInfo(tensor, type, dims));
        return this;
    }

    /// <summary>Adds a node with an automatically named output and returns that name.</summary>
    public string Node(string opType, string[] inputs, params AttributeProto[] attributes) =>
        Node(opType, $"{opType.ToLowerInvariant()}_{_nodes}", inputs, attributes);

    /// <summary>Adds a node whose output has the given name (a graph output or a named internal tensor).</summary>
    public string Node(string opType, string output, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_nodes++}" };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>A float initializer drawn uniformly from [-scale, scale].</summary>
    public string Weights(string tensor, float scale, params long[] dims)
    {
        var values = new float[dims.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
            values[i] = (_random.NextSingle() * 2 - 1) * scale;
        return Floats(tensor, dims, values);
    }

    public string Floats(string tensor, long[] dims, float[] values) =>
        Initializer(tensor, DataType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>An int64 initializer; a 1-D one unless <paramref name="dims"/> says otherwise (empty = scalar).</summary>
    public string Int64s(string tensor, long[] values, long[]? dims = null) =>
        Initializer(tensor, DataType.Int64, dims ?? [values.Length], MemoryMarshal.AsBytes(values.AsSpan()));

    public byte[] Build()
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "Inference.Tests.TinyModels", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    public static AttributeProto Attr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attr(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attr(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    private string Initializer(string tensor, DataType type, long[] dims, ReadOnlySpan<byte> littleEndian)
    {
        // raw_data must be little-endian; so is every machine .NET runs these tests on.
        var proto = new TensorProto { Name = tensor, DataType = (int)type, RawData = ByteString.CopyFrom(littleEndian) };
        proto.Dims.Add(dims);
        _graph.Initializer.Add(proto);
        return tensor;
    }

    private static ValueInfoProto ValueInfo(string tensor, DataType type, Dim[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim.Param is null
                ? new TensorShapeProto.Types.Dimension { DimValue = dim.Value }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.Param });
        return new ValueInfoProto
        {
            Name = tensor,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
