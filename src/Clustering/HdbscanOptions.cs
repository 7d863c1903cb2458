namespace Pipeline.Clustering;

/// <summary>How flat clusters are chosen from the condensed tree (scikit-learn's cluster_selection_method).</summary>
public enum ClusterSelectionMethod
{
    /// <summary>Excess of mass: the most stable clusters.</summary>
    Eom,

    /// <summary>The leaves of the condensed tree: many small, homogeneous clusters.</summary>
    Leaf,
}

/// <summary>How HDBSCAN finds each point's nearest neighbours (its core distance).</summary>
public enum NeighbourSearch
{
    /// <summary>Exact below <see cref="HdbscanOptions.ApproximateFrom"/> points, approximate from there on.</summary>
    Auto,

    /// <summary>Exact k nearest neighbours on a ball tree, and an exact spanning tree: scikit-learn's answer.</summary>
    Exact,

    /// <summary>
    /// NN-descent's approximate neighbours, seeded by <see cref="HdbscanOptions.Seed"/> (core distances can only come
    /// out a little too large), and a spanning tree whose late, cluster-joining edges come from a bounded search: it
    /// scales to millions of points where an exact search in many dimensions approaches O(n^2) time.
    /// </summary>
    Approximate,
}

/// <summary>HDBSCAN parameters, named and defaulted as in scikit-learn 1.4.2's <c>HDBSCAN</c>.</summary>
public sealed record HdbscanOptions
{
    /// <summary>Smallest group that counts as a cluster (at least 2).</summary>
    public int MinClusterSize { get; init; } = 5;

    /// <summary>Neighbourhood size for core distances, the point itself included; null means <see cref="MinClusterSize"/>.</summary>
    public int? MinSamples { get; init; }

    public ClusterSelectionMethod Method { get; init; } = ClusterSelectionMethod.Eom;

    /// <summary>Clusters born below this distance are merged into their ancestor (0 disables).</summary>
    public double ClusterSelectionEpsilon { get; init; }

    /// <summary>Lets the root of the tree be selected, so the answer may be one cluster.</summary>
    public bool AllowSingleCluster { get; init; }

    public NeighbourSearch Neighbours { get; init; } = NeighbourSearch.Auto;

    /// <summary>
    /// Seeds the approximate search; the same data, options and seed give the same result whatever the thread count.
    /// The exact search uses no randomness.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Threads to use; null means all cores. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// Where <see cref="NeighbourSearch.Auto"/> switches to the approximate search. On 2 cores and 32-d data the
    /// approximate path is already faster at 50k points (blobs 4.5 s against 6.8 s; overlapping manifolds 5.3 s
    /// against 33 s, and the exact one grows towards O(n^2) on such data) and agrees with the exact one to ARI 0.98+.
    /// </summary>
    public const int ApproximateFrom = 50_000;
}
