namespace Pipeline.Clustering;

/// <summary>Deterministic Gaussian blobs (centres in [-10, 10]^dim, sd 0.5..2) plus uniform noise labelled -1, for tests and benchmarks.</summary>
public static class SyntheticBlobs
{
    public static (float[] Data, int[] Truth) Make(int n, int dim, int centres, int seed, double noiseShare = 0.05)
    {
        var random = new Random(seed);
        var centre = new double[centres * dim];
        for (int i = 0; i < centre.Length; i++) centre[i] = random.NextDouble() * 20 - 10;
        var spread = Enumerable.Range(0, centres).Select(_ => 0.5 + 1.5 * random.NextDouble()).ToArray();
        int noise = (int)(n * noiseShare);
        var data = new float[n * dim];
        var truth = new int[n];
        for (int i = 0; i < n; i++)
        {
            bool isNoise = i >= n - noise;
            int c = i % centres;
            truth[i] = isNoise ? -1 : c;
            for (int d = 0; d < dim; d++)
            {
                double gaussian = random.NextGaussian();
                data[i * dim + d] = (float)(isNoise ? random.NextDouble() * 30 - 15 : centre[c * dim + d] + spread[c] * gaussian);
            }
        }
        return (data, truth);
    }
}
