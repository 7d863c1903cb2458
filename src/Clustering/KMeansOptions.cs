namespace Pipeline.Clustering;

/// <summary>How k-means chooses its starting centres.</summary>
public enum KMeansInit
{
    /// <summary>
    /// Greedy k-means++ (Arthur and Vassilvitskii 2007; 2 + ln k D^2-weighted draws per centre, the farthest kept, as
    /// pyclustering does): one start rarely merges well-separated groups, which plain k-means++ often does.
    /// </summary>
    PlusPlus,

    /// <summary>K distinct rows chosen uniformly.</summary>
    Random,
}

/// <summary>k-means parameters, with scikit-learn's KMeans defaults where it has one.</summary>
public sealed record KMeansOptions
{
    /// <summary>Number of clusters: 1..n.</summary>
    public required int K { get; init; }

    /// <summary>Seeds every random choice, so equal inputs give equal labels.</summary>
    public int Seed { get; init; }

    /// <summary>Cap on Lloyd iterations for each start.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// Converged once the centres' total squared movement in one iteration is at most this times the mean
    /// per-coordinate variance of the data (scikit-learn's tol), so the threshold follows the data's scale.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    public KMeansInit Init { get; init; } = KMeansInit.PlusPlus;

    /// <summary>Independent starts; the one with the lowest inertia is kept.</summary>
    public int NInit { get; init; } = 1;
}
