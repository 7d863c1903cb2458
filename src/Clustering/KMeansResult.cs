namespace Pipeline.Clustering;

/// <summary>
/// A k-means fit: labels 0..K-1 with probability 1 (no noise), the centres (K x dim, row-major), the inertia (sum of
/// squared distances to the assigned centre) and the Lloyd iterations the kept start ran.
/// </summary>
public sealed record KMeansResult(ClusteringResult Clustering, float[] Centres, double Inertia, int Iterations);
