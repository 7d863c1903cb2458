namespace Pipeline.Clustering;

/// <summary>
/// The starting graph for NN-descent: every pair of points that share a leaf of a random-projection tree becomes a
/// candidate edge. Each tree splits a node at the median of the points' projections onto the difference of two of
/// its points, picked by hashing (seed, tree, node), so the trees depend on the seed and nothing else.
/// </summary>
internal static class RandomProjectionForest
{
    public static void Seed(NeighbourGraph graph, float[] points, int dim, int trees, int leafSize, int seed, ParallelOptions parallel)
    {
        int n = graph.Count;
        var leaves = new List<(int Tree, int Start, int End)>[trees];
        var orders = new int[trees][];
        Parallel.For(0, trees, parallel, t =>
        {
            orders[t] = new int[n];
            for (int i = 0; i < n; i++) orders[t][i] = i;
            leaves[t] = [];
            Split(points, dim, orders[t], t, leafSize, seed, leaves[t]);
        });

        var all = leaves.SelectMany(l => l).ToArray();
        Parallel.For(0, all.Length, parallel, index =>
        {
            var (t, start, end) = all[index];
            JoinAll(graph, points, dim, orders[t].AsSpan(start, end - start));
        });
    }

    /// <summary>Offers every pair of the given rows to the graph.</summary>
    public static void JoinAll(NeighbourGraph graph, float[] points, int dim, ReadOnlySpan<int> rows)
    {
        for (int a = 0; a < rows.Length; a++)
        {
            for (int b = a + 1; b < rows.Length; b++)
            {
                float d = Distances.SquaredEuclidean(ref points[rows[a] * dim], ref points[rows[b] * dim], dim);
                graph.Insert(rows[a], rows[b], d);
                graph.Insert(rows[b], rows[a], d);
            }
        }
    }

    private static void Split(float[] points, int dim, int[] order, int tree, int leafSize, int seed, List<(int, int, int)> leaves)
    {
        var keys = new float[order.Length];
        var direction = new float[dim];
        var pending = new Stack<(int Start, int End)>();
        pending.Push((0, order.Length));
        while (pending.Count > 0)
        {
            var (start, end) = pending.Pop();
            int count = end - start;
            if (count <= leafSize)
            {
                leaves.Add((tree, start, end));
                continue;
            }
            ulong h = Hashing.Mix(seed, tree, start, end);
            int a = order[start + (int)(h % (ulong)count)];
            int b = order[start + (int)((h >> 32) % (ulong)count)];
            for (int d = 0; d < dim; d++) direction[d] = points[a * dim + d] - points[b * dim + d];
            for (int r = start; r < end; r++) keys[r] = Dot(points.AsSpan(order[r] * dim, dim), direction);
            // A median cut halves the node whatever the direction (also when a == b or all keys tie).
            int mid = count / 2;
            BallTreeBuilder.SelectMedian(order.AsSpan(start, count), keys.AsSpan(start, count), mid);
            pending.Push((start + mid, end));
            pending.Push((start, start + mid));
        }
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => System.Numerics.Tensors.TensorPrimitives.Dot(x, y);
}

/// <summary>SplitMix64 finaliser over a few integers: cheap, seedable randomness that needs no shared state.</summary>
internal static class Hashing
{
    public static ulong Mix(int seed, int a, int b, int c)
    {
        ulong x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        x = CounterRandom.SplitMix64(x ^ (uint)a);
        x = CounterRandom.SplitMix64(x ^ ((ulong)(uint)b << 32 | (uint)c));
        return CounterRandom.SplitMix64(x);
    }
}
