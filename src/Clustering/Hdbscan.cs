namespace Pipeline.Clustering;

/// <summary>
/// HDBSCAN with scikit-learn 1.4.2's semantics (core distances, mutual reachability, single linkage, condensed tree,
/// EOM or leaf selection), computed exactly but without the O(n^2) graph: k-d tree kNN for core distances and a
/// Boruvka spanning tree searched on the same tree. Memory is O(n * dim).
/// </summary>
public static class Hdbscan
{
    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    public static ClusteringResult Fit(float[] data, int n, int dim, HdbscanOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default) =>
        Fit(new ReadOnlySpan<float>(data), n, dim, options, progress, ct);

    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    public static ClusteringResult Fit(ReadOnlySpan<float> data, int n, int dim, HdbscanOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        int minSamples = Validate(data, n, dim, options);
        var parallel = new ParallelOptions { CancellationToken = ct };

        var tree = new BallTree(data, n, dim);
        progress?.Report(0.02);
        var coreSq = CoreDistances.Compute(tree, minSamples, parallel, new StageProgress(progress, 0.02, 0.4));
        var mst = BoruvkaMst.Build(tree, coreSq, parallel, new StageProgress(progress, 0.4, 0.95));
        ct.ThrowIfCancellationRequested();

        var edges = new WeightedEdge[mst.Length];
        for (int i = 0; i < mst.Length; i++)
        {
            edges[i] = new WeightedEdge(tree.Original[mst[i].A], tree.Original[mst[i].B], Math.Sqrt(mst[i].WeightSq));
        }
        var result = FromSpanningTree(n, edges, options);
        progress?.Report(1.0);
        return result;
    }

    /// <summary>Everything after the spanning tree of mutual reachability distances.</summary>
    internal static ClusteringResult FromSpanningTree(int n, WeightedEdge[] edges, HdbscanOptions options)
    {
        var linkage = SingleLinkageTree.FromSpanningTree(n, edges);
        var condensed = CondensedTree.Build(linkage, options.MinClusterSize);
        return ClusterSelection.Extract(condensed, options);
    }

    private static int Validate(ReadOnlySpan<float> data, int n, int dim, HdbscanOptions options)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "HDBSCAN needs at least two points.");
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        if ((long)n * dim != data.Length) throw new ArgumentException($"Expected {n} x {dim} values, got {data.Length}.", nameof(data));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinClusterSize, 2, nameof(options.MinClusterSize));
        int minSamples = options.MinSamples ?? options.MinClusterSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(minSamples, 1, nameof(options.MinSamples));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minSamples, n, nameof(options.MinSamples));
        if (!(options.ClusterSelectionEpsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(options), "ClusterSelectionEpsilon must be >= 0.");
        foreach (float v in data)
        {
            if (!float.IsFinite(v)) throw new ArgumentException("Data must be finite.", nameof(data));
        }
        return minSamples;
    }
}
