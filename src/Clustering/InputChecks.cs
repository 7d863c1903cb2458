namespace Pipeline.Clustering;

/// <summary>The checks every algorithm here makes on its row-major float32 input.</summary>
internal static class InputChecks
{
    public static void Points(ReadOnlySpan<float> data, int n, int dim, int minPoints, string algorithm)
    {
        if (n < minPoints) throw new ArgumentOutOfRangeException(nameof(n), n, $"{algorithm} needs at least {minPoints} point(s).");
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim), dim, "Points need at least one dimension.");
        if ((long)n * dim != data.Length) throw new ArgumentException($"Expected {n} x {dim} values, got {data.Length}.", nameof(data));
        foreach (float v in data)
        {
            if (!float.IsFinite(v)) throw new ArgumentException("Data must be finite.", nameof(data));
        }
    }
}
