namespace Pipeline.Clustering;

/// <summary>
/// A fitted PCA: the mean, the principal axes as unit rows (ComponentCount x Dim, by decreasing variance, each with its
/// largest-magnitude coordinate positive) and the variance along each, with the n - 1 denominator.
/// </summary>
public sealed class PcaModel
{
    private const int ChunkRows = 256;

    internal PcaModel(float[] mean, float[] components, double[] explainedVariance, double totalVariance)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = explainedVariance;
        TotalVariance = totalVariance;
    }

    public int Dim => Mean.Length;
    public int ComponentCount => ExplainedVariance.Length;
    public float[] Mean { get; }
    public float[] Components { get; }
    public double[] ExplainedVariance { get; }

    /// <summary>Sum of the per-coordinate variances of the training data (the trace of its covariance).</summary>
    public double TotalVariance { get; }

    public double[] ExplainedVarianceRatio => ExplainedVariance.Select(v => TotalVariance > 0 ? v / TotalVariance : 0).ToArray();

    /// <summary>Coordinates of n row-major points along the components: n x ComponentCount, row-major.</summary>
    public float[] Transform(float[] data, int n, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        InputChecks.Points(data, n, Dim, 0, "PCA transform");
        int k = ComponentCount;
        var result = new float[n * k];
        var parallel = new ParallelOptions { CancellationToken = ct };
        Parallel.For(0, (n + ChunkRows - 1) / ChunkRows, parallel,
            () => new float[ChunkRows * Dim],
            (chunk, _, block) =>
            {
                int first = chunk * ChunkRows, rows = Math.Min(ChunkRows, n - first);
                BlockProducts.Centre(data, first, rows, Mean, block);
                BlockProducts.Project(block, rows, Components, k, result.AsSpan(first * k, rows * k));
                return block;
            },
            _ => { });
        return result;
    }
}
