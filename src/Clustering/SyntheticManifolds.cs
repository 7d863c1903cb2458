namespace Pipeline.Clustering;

/// <summary>
/// Deterministic clusters that are harder than <see cref="SyntheticBlobs"/> and closer to embedding data: each is a
/// low-dimensional (2..6) curved sheet embedded in dim dimensions with a little isotropic jitter, the clusters are
/// of unequal size and overlap at their edges, and a broad Gaussian background (labelled -1) runs between them.
/// </summary>
public static class SyntheticManifolds
{
    /// <param name="centreSpread">Standard deviation of the cluster centres per dimension: at 0.45 neighbouring
    /// clusters overlap (HDBSCAN recovers them to ARI 0.6 - 0.9), at 0.8 they barely touch (ARI 0.98).</param>
    public static (float[] Data, int[] Truth) Make(int n, int dim, int clusters, int seed, double noiseShare = 0.1, double centreSpread = 0.45)
    {
        var random = new Random(seed);
        var shapes = Enumerable.Range(0, clusters).Select(_ => new Sheet(random, dim, centreSpread)).ToArray();
        // Unequal sizes: weights fall off like 1 / sqrt(rank).
        var cumulative = new double[clusters];
        double total = 0;
        for (int c = 0; c < clusters; c++) cumulative[c] = total += 1 / Math.Sqrt(c + 1);

        int noise = (int)(n * noiseShare);
        var data = new float[(long)n * dim];
        var truth = new int[n];
        var latent = new double[Sheet.MaxIntrinsic];
        for (int i = 0; i < n; i++)
        {
            var row = data.AsSpan(i * dim, dim);
            if (i >= n - noise)
            {
                truth[i] = -1;
                for (int d = 0; d < dim; d++) row[d] = (float)(0.9 * random.NextGaussian());
                continue;
            }
            double u = random.NextDouble() * total;
            int cluster = 0;
            while (cumulative[cluster] < u) cluster++;
            truth[i] = cluster;
            shapes[cluster].Sample(random, latent, row);
        }
        return (data, truth);
    }

    /// <summary>centre + basis * z + bend * z0^2 + jitter, with z Gaussian in a few dimensions.</summary>
    private sealed class Sheet
    {
        public const int MaxIntrinsic = 6;
        private readonly double[] _centre;
        private readonly double[][] _basis;
        private readonly double[] _bend;

        public Sheet(Random random, int dim, double centreSpread)
        {
            _centre = Enumerable.Range(0, dim).Select(_ => centreSpread * random.NextGaussian()).ToArray();
            int intrinsic = 2 + random.Next(MaxIntrinsic - 1);
            _basis = Enumerable.Range(0, intrinsic).Select(_ =>
            {
                double scale = (0.4 + 1.2 * random.NextDouble()) / Math.Sqrt(dim);
                return Enumerable.Range(0, dim).Select(_ => scale * random.NextGaussian()).ToArray();
            }).ToArray();
            _bend = Enumerable.Range(0, dim).Select(_ => 0.4 * random.NextGaussian() / Math.Sqrt(dim)).ToArray();
        }

        public void Sample(Random random, double[] latent, Span<float> row)
        {
            for (int j = 0; j < _basis.Length; j++) latent[j] = random.NextGaussian();
            for (int d = 0; d < row.Length; d++)
            {
                double x = _centre[d] + _bend[d] * latent[0] * latent[0] + 0.15 * random.NextGaussian();
                for (int j = 0; j < _basis.Length; j++) x += _basis[j][d] * latent[j];
                row[d] = (float)x;
            }
        }
    }
}
