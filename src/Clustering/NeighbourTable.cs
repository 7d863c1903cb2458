namespace Pipeline.Clustering;

/// <summary>
/// The k nearest neighbours of every row: Count x K indices and Euclidean distances, row-major, each row nearest
/// first. A row may list itself (at distance 0), as a search of the data against itself does. Any kNN source can
/// fill one (<see cref="Exact"/>, <see cref="Approximate"/>) and hand it to <see cref="Umap"/> or a path search.
/// </summary>
public sealed class NeighbourTable
{
    public NeighbourTable(int[] indices, float[] distances, int count, int k)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (indices.Length != (long)count * k || distances.Length != indices.Length)
        {
            throw new ArgumentException($"Expected {count} x {k} indices and distances, got {indices.Length} and {distances.Length}.");
        }
        Validate(indices, distances, count, k);
        Indices = indices;
        Distances = distances;
        Count = count;
        K = k;
    }

    public int[] Indices { get; }
    public float[] Distances { get; }
    public int Count { get; }
    public int K { get; }

    private static void Validate(int[] indices, float[] distances, int count, int k)
    {
        var sorted = new int[k];
        for (int row = 0; row < count; row++)
        {
            for (int j = 0; j < k; j++)
            {
                int at = row * k + j;
                if ((uint)indices[at] >= (uint)count)
                {
                    throw new ArgumentOutOfRangeException(nameof(indices), $"Row {row} lists neighbour {indices[at]}, outside 0..{count - 1}.");
                }
                float d = distances[at];
                if (!(d >= 0) || float.IsInfinity(d)) throw new ArgumentException($"Row {row} has distance {d}; distances must be finite and >= 0.", nameof(distances));
                if (j > 0 && d < distances[at - 1]) throw new ArgumentException($"Row {row} is not sorted nearest first.", nameof(distances));
            }
            indices.AsSpan(row * k, k).CopyTo(sorted);
            Array.Sort(sorted);
            for (int j = 1; j < k; j++)
            {
                if (sorted[j] == sorted[j - 1]) throw new ArgumentException($"Row {row} lists neighbour {sorted[j]} twice.", nameof(indices));
            }
        }
    }

    /// <summary>Exact neighbours on a ball tree (the point itself counted first, as umap-learn's search does).</summary>
    public static NeighbourTable Exact(float[] data, int n, int dim, int k, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        InputChecks.Points(data, n, dim, 1, "Nearest-neighbour search");
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        var result = Exact(data, n, dim, k, new ParallelOptions { CancellationToken = ct }, new StageProgress(progress, 0, 1));
        progress?.Report(1.0);
        return result;
    }

    /// <summary>
    /// Approximate neighbours by NN-descent (seeded, the same whatever the thread count), the point itself left out:
    /// what a k-nearest-neighbour graph over a million vectors needs.
    /// </summary>
    public static NeighbourTable Approximate(float[] data, int n, int dim, int k, int seed = 0, IProgress<double>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        InputChecks.Points(data, n, dim, 2, "Nearest-neighbour search");
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, n);
        var parallel = new ParallelOptions { CancellationToken = ct };
        var tree = new BallTree(data, n, dim);
        // NN-descent finds few true neighbours with short lists (about 0.9 of them at k = 5 on 16-d blobs): it searches
        // with at least 15, as pynndescent's defaults do, and the table keeps the nearest k.
        int width = Math.Min(n - 1, Math.Max(k, 15));
        var graph = NearestNeighbourDescent.Build(tree, width, seed, parallel, new StageProgress(progress, 0, 1));
        var indices = new int[n * k];
        var distances = new float[n * k];
        Parallel.For(0, n, parallel, row =>
        {
            // Every slot is filled: NN-descent starts from leaves of at least 2k + 2 rows, and k < n.
            var pairs = Enumerable.Range(row * width, width)
                .Select(at => (Distance: MathF.Sqrt(graph.DistanceSq[at]), Id: tree.Original[graph.Ids[at]]))
                .OrderBy(p => p.Distance).ThenBy(p => p.Id).ToList();
            int caller = tree.Original[row];
            for (int j = 0; j < k; j++) (indices[caller * k + j], distances[caller * k + j]) = (pairs[j].Id, pairs[j].Distance);
        });
        progress?.Report(1.0);
        return new NeighbourTable(indices, distances, n, k);
    }

    internal static NeighbourTable Exact(float[] data, int n, int dim, int k, ParallelOptions parallel, StageProgress progress)
    {
        var tree = new BallTree(data, n, dim);
        var core = CoreDistances.Compute(tree, k, parallel, progress);
        var indices = new int[n * k];
        var distances = new float[n * k];
        // The tree search ranks by float32 squared distances; the table keeps distances recomputed in double, so it
        // is re-sorted by them (ties by index) and does not depend on the kernel's rounding.
        Parallel.For(0, n, parallel, () => (new double[k], new int[k]), (row, _, scratch) =>
        {
            var (sorted, ids) = scratch;
            for (int j = 0; j < k; j++)
            {
                int other = core.Neighbours[row * k + j];
                sorted[j] = Clustering.Distances.Euclidean64(ref tree.Row(row), ref tree.Row(other), dim);
                ids[j] = tree.Original[other];
            }
            Array.Sort(sorted, ids);
            SortTies(sorted, ids);
            int caller = tree.Original[row];
            ids.CopyTo(indices, caller * k);
            for (int j = 0; j < k; j++) distances[caller * k + j] = (float)sorted[j];
            return scratch;
        }, _ => { });
        return new NeighbourTable(indices, distances, n, k);
    }

    /// <summary>Array.Sort is unstable; equal distances go by index so the table is one function of the data.</summary>
    private static void SortTies(double[] sorted, int[] ids)
    {
        for (int start = 0; start < sorted.Length;)
        {
            int end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start]) end++;
            if (end - start > 1) Array.Sort(ids, start, end - start);
            start = end;
        }
    }
}
