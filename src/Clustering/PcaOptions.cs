namespace Pipeline.Clustering;

/// <summary>Randomised PCA parameters (Halko, Martinsson and Tropp 2011).</summary>
public sealed record PcaOptions
{
    /// <summary>Principal components kept: 1..min(n, dim).</summary>
    public required int Components { get; init; }

    /// <summary>Seeds the Gaussian test matrix, so equal inputs give equal components.</summary>
    public int Seed { get; init; }

    /// <summary>Extra directions searched beyond Components; more makes the trailing components more accurate.</summary>
    public int Oversampling { get; init; } = 10;

    /// <summary>
    /// Passes that multiply the search basis by the covariance before the final one; each sharpens the separation of
    /// the kept components from the rest. Four suits slowly decaying spectra such as image embeddings.
    /// </summary>
    public int PowerIterations { get; init; } = 4;
}
