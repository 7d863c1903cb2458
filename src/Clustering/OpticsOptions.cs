namespace Pipeline.Clustering;

/// <summary>
/// OPTICS parameters, named and defaulted as in scikit-learn 1.4.2's <c>OPTICS</c> with <c>cluster_method="xi"</c>,
/// <c>predecessor_correction=True</c> and the Euclidean metric. Sizes are counts (scikit-learn also takes fractions).
/// </summary>
public sealed record OpticsOptions
{
    /// <summary>Neighbourhood size for core distances, the point itself included (at least 2); also bounds how many
    /// non-steep points a steep area may contain.</summary>
    public int MinSamples { get; init; } = 5;

    /// <summary>Minimum steepness of a cluster boundary on the reachability plot, in [0, 1).</summary>
    public double Xi { get; init; } = 0.05;

    /// <summary>Smallest cluster (at least 2); null means <see cref="MinSamples"/>.</summary>
    public int? MinClusterSize { get; init; }

    /// <summary>Largest distance at which points count as neighbours; infinite by default.</summary>
    public double MaxEps { get; init; } = double.PositiveInfinity;
}

/// <summary>
/// An OPTICS run: the xi clustering (probabilities 1 for clustered points, 0 for noise) and scikit-learn's
/// attributes. <paramref name="Reachability"/>, <paramref name="CoreDistances"/> and <paramref name="Predecessor"/>
/// are indexed by point (infinity: unreachable / never core; -1: no predecessor); <paramref name="Ordering"/> lists
/// points in cluster order; <paramref name="ClusterHierarchy"/> holds every xi cluster as an inclusive range of
/// positions in that order, smaller clusters before the larger ones that contain them.
/// </summary>
public sealed record OpticsResult(ClusteringResult Clustering, int[] Ordering, double[] Reachability,
    double[] CoreDistances, int[] Predecessor, (int Start, int End)[] ClusterHierarchy);
