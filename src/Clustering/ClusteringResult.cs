namespace Pipeline.Clustering;

/// <summary>
/// A flat clustering: <paramref name="Labels"/> holds -1 for noise and 0..<paramref name="ClusterCount"/>-1 otherwise;
/// <paramref name="Probabilities"/> is each point's membership strength (0 for noise).
/// </summary>
public sealed record ClusteringResult(int[] Labels, float[] Probabilities, int ClusterCount)
{
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
