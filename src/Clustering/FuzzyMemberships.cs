namespace Pipeline.Clustering;

/// <summary>
/// The local fuzzy simplicial sets of umap-learn 0.5 (smooth_knn_dist and compute_membership_strengths, with
/// local_connectivity = bandwidth = 1): per row, rho is the distance to the nearest neighbour at a positive
/// distance and sigma solves sum_j exp(-max(0, d_j - rho) / sigma) = log2(k) over the k - 1 neighbours after the
/// first, by 64 steps of bisection; the membership of neighbour j is exp(-(d_j - rho) / sigma).
/// </summary>
internal static class FuzzyMemberships
{
    private const int Iterations = 64;
    private const double Tolerance = 1e-5;

    /// <summary>umap-learn's MIN_K_DIST_SCALE: sigma never falls below this share of the mean distance.</summary>
    private const double MinScale = 1e-3;

    /// <summary>Sigma and rho for every row, from the first k columns of the table.</summary>
    public static (float[] Sigma, float[] Rho) SmoothKnnDistances(NeighbourTable table, int k, ParallelOptions parallel)
    {
        int n = table.Count;
        double meanAll = 0;
        for (int row = 0; row < n; row++)
        {
            foreach (float d in table.Distances.AsSpan(row * table.K, k)) meanAll += d;
        }
        meanAll /= (double)n * k;
        var sigma = new float[n];
        var rho = new float[n];
        Parallel.For(0, n, parallel, row =>
        {
            var distances = table.Distances.AsSpan(row * table.K, k);
            (sigma[row], rho[row]) = Smooth(distances, meanAll);
        });
        return (sigma, rho);
    }

    internal static (float Sigma, float Rho) Smooth(ReadOnlySpan<float> distances, double meanAll)
    {
        float rho = 0f;
        foreach (float d in distances)
        {
            if (d > 0) { rho = d; break; }
        }
        double target = Math.Log2(distances.Length), lo = 0, hi = double.PositiveInfinity, mid = 1;
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            // Column 0 is skipped, as in umap-learn: it is the point itself in a self-inclusive search.
            double sum = 0;
            for (int j = 1; j < distances.Length; j++)
            {
                double gap = distances[j] - rho;
                sum += gap > 0 ? Math.Exp(-(gap / mid)) : 1.0;
            }
            if (Math.Abs(sum - target) < Tolerance) break;
            if (sum > target)
            {
                hi = mid;
                mid = (lo + hi) / 2;
            }
            else
            {
                lo = mid;
                mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2;
            }
        }
        double mean = meanAll;
        if (rho > 0)
        {
            mean = 0;
            foreach (float d in distances) mean += d;
            mean /= distances.Length;
        }
        return ((float)Math.Max(mid, MinScale * mean), rho);
    }

    /// <summary>Membership of neighbour j of a row: 0 for the row itself, 1 up to rho, then exponential decay.</summary>
    public static float Strength(int row, int neighbour, float distance, float sigma, float rho)
    {
        if (neighbour == row) return 0f;
        if (distance - rho <= 0 || sigma == 0) return 1f;
        return (float)Math.Exp(-((distance - rho) / (double)sigma));
    }
}
