namespace Pipeline.Clustering;

/// <summary>
/// pyclustering's x-means Bayesian information criterion for a set of clusters under one shared spherical
/// variance: per cluster L = n ln n - n ln N - n/2 ln 2 pi - n d/2 ln sigma^2 - (n - K)/2, minus (p/2) ln N with
/// p = K - 1 + d K + 1, summed over the clusters (so the penalty counts K times, as pyclustering's does).
/// </summary>
internal static class Bic
{
    public static double Score(float[] data, int dim, int[] rows, int[] assignment, float[] centres)
    {
        int k = centres.Length / dim;
        var sizes = new int[k];
        double squaredError = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            int c = assignment[i];
            sizes[c]++;
            squaredError += Distances.SquaredEuclidean(ref data[rows[i] * dim], ref centres[c * dim], dim);
        }
        double total = rows.Length;
        if (total - k <= 0) return double.PositiveInfinity;

        double variance = squaredError / (total - k);
        // Identical points give zero variance (pyclustering issue #407): the likelihood is then unbounded.
        double varianceTerm = variance <= 0 ? double.NegativeInfinity : dim * 0.5 * Math.Log(variance);
        double parameters = (k - 1) + dim * k + 1;
        double score = 0;
        foreach (int size in sizes)
        {
            double likelihood = size * Math.Log(size) - size * Math.Log(total) - size * 0.5 * Math.Log(2 * Math.PI)
                - size * varianceTerm - (size - k) * 0.5;
            score += likelihood - parameters * 0.5 * Math.Log(total);
        }
        return score;
    }
}
