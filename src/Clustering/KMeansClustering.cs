namespace Pipeline.Clustering;

/// <summary>
/// k-means as scikit-learn's KMeans(algorithm="lloyd") runs it: k-means++ or random starts, Lloyd iterations until
/// the centres' squared shift falls to Tolerance x the mean coordinate variance, an empty cluster moved to the point
/// farthest from its centre, and a last assignment so labels match the centres. Deterministic for a given Seed,
/// whatever the thread count (assignment is per row, sums run in row order).
/// </summary>
public static class KMeansClustering
{
    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    public static KMeansResult Fit(float[] data, int n, int dim, KMeansOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        Validate(data, n, dim, options);
        var parallel = new ParallelOptions { CancellationToken = ct };
        var random = new Random(options.Seed);
        var all = Enumerable.Range(0, n).ToArray();
        var mean = ColumnStats.Mean(data, n, dim, parallel);
        double tolerance = options.Tolerance * ColumnStats.SquaredDeviation(data, n, mean, parallel) / ((double)n * dim);

        KMeansResult? best = null;
        for (int start = 0; start < options.NInit; start++)
        {
            var centres = options.Init == KMeansInit.PlusPlus
                ? KMeans.PlusPlus(data, dim, all, options.K, random, KMeans.GreedyCandidates(options.K), parallel)
                : DistinctRows(data, n, dim, options.K, random);
            var fitted = Lloyd(data, dim, all, centres, options.MaxIterations, tolerance, parallel);
            // Strictly lower, so ties keep the earlier start.
            if (best is null || fitted.Inertia < best.Inertia) best = fitted;
            progress?.Report((start + 1.0) / options.NInit);
        }
        return best!;
    }

    private static KMeansResult Lloyd(float[] data, int dim, int[] all, float[] centres, int maxIterations, double tolerance,
        ParallelOptions parallel)
    {
        int n = all.Length, k = centres.Length / dim, iterations = 0;
        var assignment = new int[n];
        var nearestSq = new float[n];
        while (iterations < maxIterations)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            KMeans.Assign(data, dim, all, centres, k, assignment, parallel, nearestSq);
            var sums = KMeans.Sums(data, dim, all, assignment, k, out int[] counts);
            var updated = new float[k * dim];
            for (int c = 0; c < k; c++)
            {
                for (int d = 0; d < dim && counts[c] > 0; d++) updated[c * dim + d] = (float)(sums[c * dim + d] / counts[c]);
            }
            Relocate(data, dim, counts, nearestSq, updated);
            iterations++;
            double shift = 0;
            for (int i = 0; i < updated.Length; i++) shift += (double)(updated[i] - centres[i]) * (updated[i] - centres[i]);
            centres = updated;
            if (shift <= tolerance) break;
        }
        KMeans.Assign(data, dim, all, centres, k, assignment, parallel, nearestSq);
        double inertia = 0;
        foreach (float sq in nearestSq) inertia += sq;
        var probabilities = new float[n];
        Array.Fill(probabilities, 1f);
        return new KMeansResult(new ClusteringResult(assignment, probabilities, k), centres, inertia, iterations);
    }

    /// <summary>Each empty cluster takes the next point farthest from its own centre (scikit-learn's rule).</summary>
    private static void Relocate(float[] data, int dim, int[] counts, float[] nearestSq, float[] centres)
    {
        double[]? far = null;
        for (int c = 0; c < counts.Length; c++)
        {
            if (counts[c] > 0) continue;
            far ??= nearestSq.Select(sq => (double)sq).ToArray();
            int row = KMeans.ArgMax(far);
            far[row] = double.NegativeInfinity;
            data.AsSpan(row * dim, dim).CopyTo(centres.AsSpan(c * dim, dim));
        }
    }

    /// <summary>K distinct rows by a partial Fisher-Yates shuffle.</summary>
    private static float[] DistinctRows(float[] data, int n, int dim, int k, Random random)
    {
        var order = Enumerable.Range(0, n).ToArray();
        var centres = new float[k * dim];
        for (int c = 0; c < k; c++)
        {
            int pick = random.Next(c, n);
            (order[c], order[pick]) = (order[pick], order[c]);
            data.AsSpan(order[c] * dim, dim).CopyTo(centres.AsSpan(c * dim, dim));
        }
        return centres;
    }

    private static void Validate(float[] data, int n, int dim, KMeansOptions options)
    {
        InputChecks.Points(data, n, dim, 1, "k-means");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.K, 1, nameof(options.K));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.K, n, nameof(options.K));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1, nameof(options.MaxIterations));
        if (!(options.Tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(options), "Tolerance must be >= 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NInit, 1, nameof(options.NInit));
        if (!Enum.IsDefined(options.Init)) throw new ArgumentOutOfRangeException(nameof(options), "Unknown Init.");
    }
}
