namespace Pipeline.Clustering;

/// <summary>
/// HDBSCAN with scikit-learn 1.4.2's semantics (core distances, mutual reachability, single linkage, condensed tree,
/// EOM or leaf selection), computed exactly but without the O(n^2) graph: a ball tree for the k nearest
/// neighbours and a Boruvka spanning tree searched on the same tree. Memory is O(n * (dim + min samples)).
/// </summary>
public static class Hdbscan
{
    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    public static ClusteringResult Fit(float[] data, int n, int dim, HdbscanOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(new ReadOnlySpan<float>(data), n, dim, options, progress, ct);
    }

    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    public static ClusteringResult Fit(ReadOnlySpan<float> data, int n, int dim, HdbscanOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        int minSamples = Validate(data, n, dim, options);
        var edges = SpanningTree(data, n, dim, minSamples, progress, ct);
        var result = FromSpanningTree(n, edges, options);
        progress?.Report(1.0);
        return result;
    }

    /// <summary>A minimum spanning tree of the mutual reachability distances, as caller rows.</summary>
    internal static WeightedEdge[] SpanningTree(ReadOnlySpan<float> data, int n, int dim, int minSamples,
        IProgress<double>? progress, CancellationToken ct)
    {
        var parallel = new ParallelOptions { CancellationToken = ct };
        var tree = new BallTree(data, n, dim);
        progress?.Report(0.02);
        var core = CoreDistances.Compute(tree, minSamples, parallel, new StageProgress(progress, 0.02, 0.4));
        var mst = BoruvkaMst.Build(tree, core, parallel, new StageProgress(progress, 0.4, 0.95));
        ct.ThrowIfCancellationRequested();

        var edges = new WeightedEdge[mst.Length];
        for (int i = 0; i < mst.Length; i++)
        {
            edges[i] = new WeightedEdge(tree.Original[mst[i].A], tree.Original[mst[i].B], Math.Sqrt(mst[i].WeightSq));
        }
        return edges;
    }

    /// <summary>Everything after the spanning tree, with equal weights in canonical order.</summary>
    internal static ClusteringResult FromSpanningTree(int n, WeightedEdge[] edges, HdbscanOptions options) =>
        FromOrderedEdges(n, SingleLinkageTree.InCanonicalOrder(edges), options);

    /// <summary>Everything after the spanning tree, its edges taken in exactly the given order.</summary>
    internal static ClusteringResult FromOrderedEdges(int n, WeightedEdge[] ordered, HdbscanOptions options)
    {
        var linkage = SingleLinkageTree.FromOrderedEdges(n, ordered);
        var condensed = CondensedTree.Build(linkage, options.MinClusterSize);
        return ClusterSelection.Extract(condensed, options);
    }

    private static int Validate(ReadOnlySpan<float> data, int n, int dim, HdbscanOptions options)
    {
        InputChecks.Points(data, n, dim, 2, "HDBSCAN");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinClusterSize, 2, nameof(options.MinClusterSize));
        int minSamples = options.MinSamples ?? options.MinClusterSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(minSamples, 1, nameof(options.MinSamples));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minSamples, n, nameof(options.MinSamples));
        if (!(options.ClusterSelectionEpsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(options), "ClusterSelectionEpsilon must be >= 0.");
        return minSamples;
    }
}
