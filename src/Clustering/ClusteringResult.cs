namespace Pipeline.Clustering;

/// <summary>
/// A flat clustering: <paramref name="Labels"/> holds -1 for noise and 0..<paramref name="ClusterCount"/>-1 otherwise;
/// <paramref name="Probabilities"/> is each point's membership strength (0 for noise).
/// </summary>
public sealed record ClusteringResult(int[] Labels, float[] Probabilities, int ClusterCount)
{
    /// <summary>
    /// HDBSCAN only (null otherwise): each point's GLOSH outlier score, from 0 (as dense as the densest part of its
    /// cluster) towards 1 (far sparser than the cluster it left), noise included.
    /// </summary>
    public float[]? OutlierScores { get; init; }

    /// <summary>
    /// HDBSCAN only (null otherwise): per cluster label, the rows that stay in the cluster's innermost parts longest
    /// (those that leave each of its leaf sub-clusters at the largest lambda): its most representative points.
    /// </summary>
    public int[][]? Exemplars { get; init; }

    public int NoiseCount
    {
        get
        {
            int noise = 0;
            foreach (int label in Labels)
            {
                if (label < 0) noise++;
            }
            return noise;
        }
    }
}
