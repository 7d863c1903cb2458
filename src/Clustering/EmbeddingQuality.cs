namespace Pipeline.Clustering;

/// <summary>How well a low-dimensional embedding keeps the neighbourhoods of the original points.</summary>
public static class EmbeddingQuality
{
    /// <summary>
    /// scikit-learn's trustworthiness (Venna and Kaski 2001): 1 - 2 / (n k (2n - 3k - 1)) times the sum, over each
    /// point's k nearest neighbours in the embedding, of how far beyond k each ranks among its original neighbours
    /// (rank 1 = nearest; ties by index). 1 means no embedded neighbour is a stranger. O(n^2) time and O(n) memory per
    /// thread, with no n x n matrix: for samples of up to some tens of thousands of points.
    /// </summary>
    public static double Trustworthiness(float[] original, int dim, float[] embedded, int components, int n, int k = 5,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(embedded);
        InputChecks.Points(original, n, dim, 2, "Trustworthiness");
        InputChecks.Points(embedded, n, components, 2, "Trustworthiness");
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (k >= n / 2.0) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be less than n / 2 ({n / 2.0}).");

        var penalties = new long[n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, () => (new float[n], new float[n], new int[k]), (i, _, scratch) =>
        {
            var (far, near, nearest) = scratch;
            for (int j = 0; j < n; j++)
            {
                far[j] = Distances.SquaredEuclidean(ref original[i * dim], ref original[j * dim], dim);
                near[j] = Distances.SquaredEuclidean(ref embedded[i * components], ref embedded[j * components], components);
            }
            Nearest(near, i, nearest);
            long penalty = 0;
            foreach (int j in nearest)
            {
                // Rank of j among i's original neighbours, counting strictly closer points and equal ones of lower index.
                int rank = 1;
                for (int m = 0; m < n; m++)
                {
                    if (m != i && (far[m] < far[j] || (far[m] == far[j] && m < j))) rank++;
                }
                penalty += Math.Max(0, rank - k);
            }
            penalties[i] = penalty;
            return scratch;
        }, _ => { });
        double total = penalties.Sum();
        return 1 - total * (2.0 / (n * (double)k * (2.0 * n - 3.0 * k - 1.0)));
    }

    /// <summary>The k points nearest to i by the given distances (i excluded; ties by index), by insertion.</summary>
    private static void Nearest(float[] distances, int i, int[] nearest)
    {
        int k = nearest.Length, count = 0;
        for (int j = 0; j < distances.Length; j++)
        {
            if (j == i || (count == k && distances[j] >= distances[nearest[k - 1]])) continue;
            int slot = Math.Min(count, k - 1);
            while (slot > 0 && distances[nearest[slot - 1]] > distances[j])
            {
                nearest[slot] = nearest[slot - 1];
                slot--;
            }
            nearest[slot] = j;
            if (count < k) count++;
        }
    }
}
