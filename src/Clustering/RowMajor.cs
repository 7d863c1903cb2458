namespace Pipeline.Clustering;

/// <summary>The checks every entry point makes on a row-major float32 matrix of n rows and dim columns.</summary>
internal static class RowMajor
{
    public static void Check(ReadOnlySpan<float> data, int n, int dim, int minRows = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, minRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        if ((long)n * dim != data.Length) throw new ArgumentException($"Expected {n} x {dim} values, got {data.Length}.", nameof(data));
        foreach (float v in data)
        {
            if (!float.IsFinite(v)) throw new ArgumentException("Data must be finite.", nameof(data));
        }
    }
}
