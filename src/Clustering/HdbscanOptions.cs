namespace Pipeline.Clustering;

/// <summary>How flat clusters are chosen from the condensed tree (scikit-learn's cluster_selection_method).</summary>
public enum ClusterSelectionMethod
{
    /// <summary>Excess of mass: the most stable clusters.</summary>
    Eom,

    /// <summary>The leaves of the condensed tree: many small, homogeneous clusters.</summary>
    Leaf,
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
}
