using System.Numerics.Tensors;

namespace Pipeline.Search;

/// <summary>How several query images become one query.</summary>
public enum MultiImageMode
{
    /// <summary>The d dimensions where the query images agree most (lowest coefficient of variation).</summary>
    Cv,

    /// <summary>
    /// The normalised mean of the query vectors over every dimension: the research's "all 512 dimensions" baseline
    /// (the CV method keeping every dimension ranks exactly the same, since stored vectors are unit length).
    /// </summary>
    Mean,
}

/// <summary>
/// Several images as one query. In CV mode, per dimension CV_j = sigma_j / |mu_j| over the query vectors (population
/// sigma); the <c>d</c> lowest are kept, the mean restricted to them is re-normalised, and candidates are scored over
/// the same dimensions, re-normalised too. Dimensions where the images agree carry what they have in common.
/// </summary>
public sealed record MultiImageQuery(MultiImageMode Mode, int[]? Dimensions, float[] Vector)
{
    public const int DefaultDimensions = 128;

    public static MultiImageQuery Build(IReadOnlyList<float[]> queries, MultiImageMode mode = MultiImageMode.Cv, int dimensions = DefaultDimensions)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count == 0) throw new ArgumentException("a multi-image query needs at least one image", nameof(queries));
        int dim = queries[0].Length;
        if (queries.Any(q => q.Length != dim)) throw new ArgumentException("the query vectors differ in length", nameof(queries));
        var mean = new float[dim];
        foreach (var q in queries) TensorPrimitives.Add(mean, q, mean);
        TensorPrimitives.Divide(mean, queries.Count, mean);
        if (mode != MultiImageMode.Cv) return new MultiImageQuery(mode, null, Normalised(mean));

        if (dimensions < 1 || dimensions > dim)
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"keep between 1 and {dim} dimensions");
        var cv = new double[dim];
        for (int j = 0; j < dim; j++)
        {
            double variance = queries.Sum(q => (q[j] - (double)mean[j]) * (q[j] - mean[j])) / queries.Count;
            cv[j] = mean[j] == 0 ? double.PositiveInfinity : Math.Sqrt(variance) / Math.Abs(mean[j]);
        }
        var kept = Enumerable.Range(0, dim).OrderBy(j => cv[j]).ThenBy(j => j).Take(dimensions).Order().ToArray();
        return new MultiImageQuery(mode, kept, Normalised(kept.Select(j => mean[j]).ToArray()));
    }

    public ScanResult Search(VectorMatrix matrix, int k, float minScore = float.NegativeInfinity, bool[]? include = null) =>
        ExactScan.Search(matrix, Vector, Dimensions, k, minScore, include);

    private static float[] Normalised(float[] v)
    {
        float norm = TensorPrimitives.Norm(v);
        if (norm > 0) TensorPrimitives.Divide(v, norm, v);
        return v;
    }
}
