namespace Pipeline.Clustering;

/// <summary>
/// HDBSCAN with scikit-learn 1.4.2's semantics (core distances, mutual reachability, single linkage, condensed tree,
/// EOM or leaf selection) without the O(n^2) graph, plus GLOSH outlier scores and exemplars (hdbscan library).
/// Exact path: a ball tree for the k nearest neighbours and a Boruvka spanning tree searched on the same tree.
/// Approximate path (<see cref="NeighbourSearch"/>): NN-descent neighbours and a Boruvka tree whose late rounds
/// search within a budget (<see cref="GraphSpanningTree"/>). Both are deterministic, whatever the thread count.
/// Memory is O(n * (dim + neighbours)), float32.
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
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        int? seed = UsesApproximateNeighbours(n, options) ? options.Seed : null;
        var edges = SpanningTree(data, n, dim, minSamples, parallel, progress, seed);
        var result = FromSpanningTree(n, edges, options);
        progress?.Report(1.0);
        return result;
    }

    /// <summary>
    /// A minimum spanning tree of the mutual reachability distances, as caller rows: exact, or with an approximate
    /// seed given, the approximate path's tree. Progress reaches 0.4 with the neighbours and 0.95 with the tree.
    /// </summary>
    internal static WeightedEdge[] SpanningTree(ReadOnlySpan<float> data, int n, int dim, int minSamples,
        ParallelOptions parallel, IProgress<double>? progress, int? approximateSeed = null)
    {
        var tree = new BallTree(data, n, dim);
        progress?.Report(0.02);
        var knnProgress = new StageProgress(progress, 0.02, 0.4);
        var mstProgress = new StageProgress(progress, 0.4, 0.95);
        var mst = approximateSeed is int seed
            ? GraphSpanningTree.Build(tree, minSamples, seed, parallel, knnProgress, mstProgress)
            : BoruvkaMst.Build(tree, CoreDistances.Compute(tree, minSamples, parallel, knnProgress), parallel, mstProgress);
        parallel.CancellationToken.ThrowIfCancellationRequested();

        var edges = new WeightedEdge[mst.Length];
        for (int i = 0; i < mst.Length; i++)
        {
            edges[i] = new WeightedEdge(tree.Original[mst[i].A], tree.Original[mst[i].B], Math.Sqrt(mst[i].WeightSq));
        }
        return edges;
    }

    /// <summary>Whether a fit of n points with these options takes the approximate neighbour search.</summary>
    public static bool UsesApproximateNeighbours(int n, HdbscanOptions options) => options.Neighbours switch
    {
        NeighbourSearch.Exact => false,
        NeighbourSearch.Approximate => true,
        _ => n >= HdbscanOptions.ApproximateFrom,
    };

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
