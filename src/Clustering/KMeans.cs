namespace Pipeline.Clustering;

/// <summary>
/// Lloyd's k-means as pyclustering runs it inside x-means: squared-Euclidean assignment (first nearest centre on
/// ties), empty clusters dropped, stop once no centre moves more than the tolerance (squared) or at the cap.
/// Assignment is parallel; sums run in row order in double, so results do not depend on thread count.
/// Assignment, sums and seeding also serve the public <see cref="KMeansClustering"/>.
/// </summary>
internal static class KMeans
{
    public const double Tolerance = 0.001;

    /// <summary>Clusters the given rows (indices into data) from the given centres (k x dim, float).</summary>
    public static (int[] Assignment, float[] Centres) Run(float[] data, int dim, int[] rows, float[] centres,
        int maxIterations, ParallelOptions parallel)
    {
        var assignment = new int[rows.Length];
        int k = centres.Length / dim;
        double maxShift = double.PositiveInfinity;
        for (int iteration = 0; iteration < maxIterations && maxShift > Tolerance; iteration++)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            Assign(data, dim, rows, centres, k, assignment, parallel);
            var updated = Means(data, dim, rows, assignment, k, out int[] remap);
            int kept = updated.Length / dim;
            maxShift = kept != k ? double.PositiveInfinity : MaxShift(centres, updated, dim);
            if (kept != k)
            {
                for (int i = 0; i < assignment.Length; i++) assignment[i] = remap[assignment[i]];
            }
            centres = updated;
            k = kept;
        }
        // pyclustering's clusters are the last assignment; keep labels and centres consistent with it.
        return (assignment, centres);
    }

    /// <summary>Nearest centre of each row (first on ties) and, when asked, its squared distance.</summary>
    public static void Assign(float[] data, int dim, int[] rows, float[] centres, int k, int[] assignment, ParallelOptions parallel,
        float[]? nearestSq = null)
    {
        Parallel.For(0, (rows.Length + 1023) / 1024, parallel, chunk =>
        {
            int end = Math.Min(rows.Length, (chunk + 1) * 1024);
            for (int i = chunk * 1024; i < end; i++)
            {
                ref float x = ref data[rows[i] * dim];
                int best = 0;
                float bestSq = float.PositiveInfinity;
                for (int c = 0; c < k; c++)
                {
                    float sq = Distances.SquaredEuclidean(ref x, ref centres[c * dim], dim);
                    if (sq < bestSq)
                    {
                        bestSq = sq;
                        best = c;
                    }
                }
                assignment[i] = best;
                if (nearestSq is not null) nearestSq[i] = bestSq;
            }
        });
    }

    /// <summary>Means of the non-empty clusters, renumbered in order; remap[old] is the new index.</summary>
    private static float[] Means(float[] data, int dim, int[] rows, int[] assignment, int k, out int[] remap)
    {
        var sums = Sums(data, dim, rows, assignment, k, out int[] counts);
        remap = new int[k];
        int kept = 0;
        for (int c = 0; c < k; c++) remap[c] = counts[c] > 0 ? kept++ : -1;
        var means = new float[kept * dim];
        for (int c = 0; c < k; c++)
        {
            if (counts[c] == 0) continue;
            for (int d = 0; d < dim; d++) means[remap[c] * dim + d] = (float)(sums[c * dim + d] / counts[c]);
        }
        return means;
    }

    /// <summary>Per-cluster coordinate sums (k x dim) and sizes, added in row order.</summary>
    public static double[] Sums(float[] data, int dim, int[] rows, int[] assignment, int k, out int[] counts)
    {
        var sums = new double[k * dim];
        counts = new int[k];
        for (int i = 0; i < rows.Length; i++)
        {
            int c = assignment[i];
            counts[c]++;
            var x = data.AsSpan(rows[i] * dim, dim);
            var sum = sums.AsSpan(c * dim, dim);
            for (int d = 0; d < dim; d++) sum[d] += x[d];
        }
        return sums;
    }

    private static double MaxShift(float[] before, float[] after, int dim)
    {
        double max = 0;
        for (int c = 0; c < before.Length / dim; c++)
        {
            double sq = 0;
            for (int d = 0; d < dim; d++)
            {
                double delta = before[c * dim + d] - after[c * dim + d];
                sq += delta * delta;
            }
            max = Math.Max(max, sq);
        }
        return max;
    }

    /// <summary>pyclustering's number of draws per centre for k centres (scikit-learn's greedy k-means++ too).</summary>
    public static int GreedyCandidates(int k) => 2 + (int)Math.Log(k);

    /// <summary>
    /// k-means++ seeding: a uniform first centre, then each next centre is the farthest of <paramref name="candidates"/>
    /// D^2-weighted draws (1 is Arthur and Vassilvitskii's original), or with 0 simply the farthest row.
    /// </summary>
    public static float[] PlusPlus(float[] data, int dim, int[] rows, int k, Random random, int candidates, ParallelOptions parallel)
    {
        var centres = new float[k * dim];
        var nearestSq = new double[rows.Length];
        int first = random.Next(rows.Length);
        data.AsSpan(rows[first] * dim, dim).CopyTo(centres);
        Array.Fill(nearestSq, double.PositiveInfinity);
        for (int c = 1; c < k; c++)
        {
            int previous = (c - 1) * dim;
            Parallel.For(0, (rows.Length + 1023) / 1024, parallel, chunk =>
            {
                for (int i = chunk * 1024; i < Math.Min(rows.Length, (chunk + 1) * 1024); i++)
                {
                    double sq = Distances.SquaredEuclidean(ref data[rows[i] * dim], ref centres[previous], dim);
                    nearestSq[i] = Math.Min(nearestSq[i], sq);
                }
            });
            // Summed in row order after the parallel part, so the draws do not depend on the thread count.
            double total = 0;
            foreach (double sq in nearestSq) total += sq;
            int chosen = candidates == 0 || total == 0 ? ArgMax(nearestSq) : Draw(nearestSq, total, candidates, random);
            data.AsSpan(rows[chosen] * dim, dim).CopyTo(centres.AsSpan(c * dim, dim));
        }
        return centres;
    }

    public static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }
        return best;
    }

    private static int Draw(double[] weights, double total, int candidates, Random random)
    {
        int best = -1;
        for (int draw = 0; draw < candidates; draw++)
        {
            double target = random.NextDouble() * total, running = 0;
            int pick = weights.Length - 1;
            for (int i = 0; i < weights.Length; i++)
            {
                running += weights[i];
                if (running > target && weights[i] > 0)
                {
                    pick = i;
                    break;
                }
            }
            if (best < 0 || weights[pick] > weights[best]) best = pick;
        }
        return best;
    }
}
