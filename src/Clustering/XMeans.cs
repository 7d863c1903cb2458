namespace Pipeline.Clustering;

/// <summary>
/// x-means (Pelleg and Moore 2000) as pyclustering 0.10.1 runs it: k-means++ with KMin centres, then repeat
/// "improve parameters" (k-means on all rows) and "improve structure" (split each cluster by a local 2-means and
/// keep the split when the children's BIC beats the parent's) until nothing splits or KMax is reached; a last
/// k-means fixes the labels. Deterministic for a given Seed. Probabilities are all 1.
/// </summary>
public static class XMeans
{
    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    public static ClusteringResult Fit(float[] data, int n, int dim, XMeansOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        Validate(data, n, dim, options);
        var parallel = new ParallelOptions { CancellationToken = ct };
        var random = new Random(options.Seed);
        var all = Enumerable.Range(0, n).ToArray();

        int kMin = Math.Min(options.KMin, n);
        var centres = KMeans.PlusPlus(data, dim, all, kMin, random, KMeans.GreedyCandidates(kMin), parallel);
        while (true)
        {
            int before = centres.Length / dim;
            var (assignment, fitted) = KMeans.Run(data, dim, all, centres, options.MaxIterations, parallel);
            centres = SplitWherePays(data, dim, assignment, fitted, options, random, parallel);
            int after = centres.Length / dim;
            // Progress in k is the only measure of how far x-means has got.
            progress?.Report(Math.Min(0.95, (double)after / options.KMax));
            if (after == before) break;
        }
        var (labels, final) = KMeans.Run(data, dim, all, centres, options.MaxIterations, parallel);
        var probabilities = new float[n];
        Array.Fill(probabilities, 1f);
        progress?.Report(1.0);
        return new ClusteringResult(labels, probabilities, final.Length / dim);
    }

    /// <summary>pyclustering's improve_structure: each cluster either stays or is replaced by its two children.</summary>
    private static float[] SplitWherePays(float[] data, int dim, int[] assignment, float[] centres,
        XMeansOptions options, Random random, ParallelOptions parallel)
    {
        int k = centres.Length / dim;
        var members = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < assignment.Length; i++) members[assignment[i]].Add(i);

        var result = new List<float>(centres.Length * 2);
        int free = options.KMax - k;
        for (int c = 0; c < k; c++)
        {
            var parent = centres.AsSpan(c * dim, dim);
            var rows = members[c].ToArray();
            if (rows.Length > 1 && free > 0)
            {
                var seeds = KMeans.PlusPlus(data, dim, rows, 2, random, candidates: 0, parallel);
                var (local, children) = KMeans.Run(data, dim, rows, seeds, options.MaxIterations, parallel);
                if (children.Length == 2 * dim
                    && Bic.Score(data, dim, rows, new int[rows.Length], parent.ToArray()) < Bic.Score(data, dim, rows, local, children))
                {
                    result.AddRange(children);
                    free--;
                    continue;
                }
            }
            result.AddRange(parent);
        }
        return result.ToArray();
    }

    private static void Validate(float[] data, int n, int dim, XMeansOptions options)
    {
        InputChecks.Points(data, n, dim, 1, "x-means");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.KMin, 1, nameof(options.KMin));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.KMax, options.KMin, nameof(options.KMax));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1, nameof(options.MaxIterations));
    }
}
