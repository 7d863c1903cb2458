namespace Pipeline.Clustering;

/// <summary>
/// DBSCAN's eps chosen at the knee of the sorted k-distance curve (each point's distance to its k-th neighbour, the
/// point itself counted first as in scikit-learn's kneighbors; k = MinSamples). The knee is Kneedle's (Satopaa et
/// al. 2011) for an increasing convex curve: the point of the curve, scaled to the unit square, farthest below the
/// chord from its first to its last point. Deterministic: ties go to the first such point.
/// </summary>
public static class KDistanceKnee
{
    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    /// <returns>The k-distance at the knee, to use as eps.</returns>
    public static double Find(float[] data, int n, int dim, int minSamples, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        InputChecks.Points(data, n, dim, 1, "The k-distance knee");
        CheckNeighbours(minSamples, n);
        return FromTree(new BallTree(data, n, dim), minSamples, new ParallelOptions { CancellationToken = ct }, new StageProgress(null, 0, 1));
    }

    /// <summary>Index of the knee of an ascending curve sampled at equal steps (0 for one point or a flat curve).</summary>
    public static int Index(ReadOnlySpan<double> ascending)
    {
        if (ascending.IsEmpty) throw new ArgumentException("The curve is empty.", nameof(ascending));
        for (int i = 0; i < ascending.Length; i++)
        {
            if (!double.IsFinite(ascending[i])) throw new ArgumentException("The curve must be finite.", nameof(ascending));
            if (i > 0 && ascending[i] < ascending[i - 1]) throw new ArgumentException($"The curve must be ascending; value {i} is below value {i - 1}.", nameof(ascending));
        }
        double first = ascending[0], range = ascending[^1] - first;
        if (range == 0) return 0;
        int knee = 0;
        double best = double.NegativeInfinity;
        for (int i = 0; i < ascending.Length; i++)
        {
            // Distance below the chord y = x, up to the constant factor 1/sqrt(2).
            double gap = (double)i / (ascending.Length - 1) - (ascending[i] - first) / range;
            if (gap > best)
            {
                best = gap;
                knee = i;
            }
        }
        return knee;
    }

    internal static void CheckNeighbours(int minSamples, int n)
    {
        if (minSamples < 1 || minSamples > n)
        {
            throw new ArgumentOutOfRangeException(nameof(minSamples), minSamples, $"The k-distance curve needs 1 <= MinSamples <= n ({n}).");
        }
    }

    internal static double FromTree(BallTree tree, int k, ParallelOptions parallel, StageProgress progress)
    {
        var distances = CoreDistances.Compute(tree, k, parallel, progress).KthDistances(tree, parallel);
        Array.Sort(distances);
        return distances[Index(distances)];
    }
}
