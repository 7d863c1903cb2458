namespace Pipeline.Clustering;

/// <summary>How the layout starts before the SGD.</summary>
public enum UmapInit
{
    /// <summary>Randomised PCA of the input, scaled to [-10, 10] with 1e-4 noise (umap-learn's init="pca").</summary>
    Pca,

    /// <summary>Uniform in [-10, 10] per coordinate (umap-learn's init="random").</summary>
    Random,
}

/// <summary>
/// UMAP parameters, named and defaulted as in umap-learn 0.5 (local_connectivity, bandwidth and set_op_mix_ratio
/// fixed at 1). umap-learn defaults to a spectral start; this library starts from PCA (see <see cref="Umap"/>).
/// </summary>
public sealed record UmapOptions
{
    /// <summary>Output dimensions: 2 to look at, 10..50 to cluster (the manga-face work used 32).</summary>
    public int Components { get; init; } = 2;

    /// <summary>Neighbourhood size, the point itself included (umap-learn's n_neighbors): 2..n-1.</summary>
    public int Neighbors { get; init; } = 15;

    /// <summary>How tightly points may pack in the output: 0..Spread.</summary>
    public double MinDist { get; init; } = 0.1;

    /// <summary>The scale of the output; with MinDist it fixes the curve parameters a and b.</summary>
    public double Spread { get; init; } = 1.0;

    /// <summary>SGD epochs; null is umap-learn's 500 for up to 10,000 points and 200 above.</summary>
    public int? Epochs { get; init; }

    public double LearningRate { get; init; } = 1.0;

    /// <summary>Negative samples per positive sample.</summary>
    public int NegativeSampleRate { get; init; } = 5;

    /// <summary>Weight of the repulsive (negative sample) gradient (umap-learn's repulsion_strength, gamma).</summary>
    public double RepulsionStrength { get; init; } = 1.0;

    /// <summary>Seeds the start and the negative samples: equal inputs and seeds give equal bits.</summary>
    public int Seed { get; init; }

    public UmapInit Init { get; init; } = UmapInit.Pca;
}
