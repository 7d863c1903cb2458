namespace Pipeline.Clustering;

/// <summary>DBSCAN parameters, named and defaulted as in scikit-learn 1.4.2's <c>DBSCAN</c> (Euclidean).</summary>
public sealed record DbscanOptions
{
    /// <summary>Neighbourhood radius, inclusive (&gt; 0); null chooses it at the k-distance knee (<see cref="KDistanceKnee"/>).</summary>
    public double? Eps { get; init; }

    /// <summary>Points within Eps, the point itself included, that make a point core (at least 1).</summary>
    public int MinSamples { get; init; } = 5;
}

/// <summary>A DBSCAN clustering and the eps it used (the chosen one when <see cref="DbscanOptions.Eps"/> was null).</summary>
public sealed record DbscanResult(ClusteringResult Clustering, double Eps);
