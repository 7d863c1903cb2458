using System.Numerics.Tensors;

namespace Pipeline.Inference.Embedding;

internal static class Vectors
{
    /// <summary>A unit-length copy; every stored vector is normalised so inner product is cosine similarity.</summary>
    public static float[] Normalised(ReadOnlySpan<float> v)
    {
        var norm = TensorPrimitives.Norm(v);
        if (!float.IsFinite(norm) || norm == 0) throw new InvalidDataException($"model output has norm {norm}; cannot normalise");
        var result = new float[v.Length];
        TensorPrimitives.Divide(v, norm, result);
        return result;
    }
}
