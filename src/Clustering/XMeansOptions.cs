namespace Pipeline.Clustering;

/// <summary>x-means parameters (Pelleg and Moore; pyclustering 0.10.1 behaviour).</summary>
public sealed record XMeansOptions
{
    /// <summary>Centres chosen by k-means++ before the first split.</summary>
    public int KMin { get; init; } = 2;

    /// <summary>Splitting stops once this many clusters exist.</summary>
    public int KMax { get; init; } = 40;

    /// <summary>Seeds every random choice, so equal inputs give equal labels.</summary>
    public int Seed { get; init; }

    /// <summary>Cap on Lloyd iterations for each k-means run.</summary>
    public int MaxIterations { get; init; } = 100;
}
