namespace Pipeline.Clustering;

/// <summary>
/// Exact k nearest neighbours of every row on the ball tree. HDBSCAN's core distance is the distance to the k-th
/// neighbour with the point itself counted as the first (scikit-learn's <c>kneighbors(X, min_samples)</c>).
/// The rows of one leaf search together: one traversal, pruned by the leaf's ball against the worst of their k-th
/// distances, then per row at each leaf reached.
/// </summary>
internal sealed class CoreDistances
{
    /// <summary>Squared core distance per tree row.</summary>
    public float[] CoreSq { get; }

    /// <summary>The k neighbours of each tree row (row-major, nearest first), as tree rows.</summary>
    public int[] Neighbours { get; }

    public int K { get; }

    internal CoreDistances(float[] coreSq, int[] neighbours, int k)
    {
        CoreSq = coreSq;
        Neighbours = neighbours;
        K = k;
    }

    public static CoreDistances Compute(BallTree tree, int k, ParallelOptions parallel, StageProgress progress)
    {
        var result = new CoreDistances(new float[tree.Count], new int[tree.Count * k], k);
        int leavesDone = 0;
        Parallel.For(0, tree.Leaves.Length, parallel,
            () => new Scratch(k, tree),
            (leafIndex, _, scratch) =>
            {
                result.SearchLeaf(tree, tree.Leaves[leafIndex], scratch);
                progress.Report((double)Interlocked.Increment(ref leavesDone) / tree.Leaves.Length);
                return scratch;
            },
            _ => { });
        return result;
    }

    /// <summary>
    /// Each caller row's distance to its k-th neighbour, recomputed in double as the largest of its k neighbours'
    /// <see cref="Distances.Euclidean64"/>, so it equals that function's value for one real pair of rows.
    /// </summary>
    public double[] KthDistances(BallTree tree, ParallelOptions parallel)
    {
        var result = new double[tree.Count];
        Parallel.For(0, tree.Count, parallel, row =>
        {
            double worst = 0;
            foreach (int other in Neighbours.AsSpan(row * K, K))
            {
                worst = Math.Max(worst, Distances.Euclidean64(ref tree.Row(row), ref tree.Row(other), tree.Dim));
            }
            result[tree.Original[row]] = worst;
        });
        return result;
    }

    private sealed class Scratch(int k, BallTree tree)
    {
        public readonly float[] Best = new float[tree.MaxLeafRows * k];
        public readonly int[] Ids = new int[tree.MaxLeafRows * k];
        public readonly int[] Stack = new int[tree.NodeCount];
        public readonly float[] Bound = new float[tree.NodeCount];
        public readonly float[] Leaf = new float[tree.MaxLeafRows + 8];
    }

    private void SearchLeaf(BallTree tree, int queryLeaf, Scratch s)
    {
        int first = tree.Start[queryLeaf], count = tree.End[queryLeaf] - first;
        Array.Fill(s.Best, float.PositiveInfinity, 0, count * K);
        float worstOfAll = float.PositiveInfinity;

        int top = 0;
        s.Stack[top] = 0;
        s.Bound[top++] = 0f;
        while (top > 0)
        {
            top--;
            int node = s.Stack[top];
            if (s.Bound[top] >= worstOfAll) continue;
            if (tree.Left[node] >= 0)
            {
                // Push the farther child first so the nearer one is searched first and tightens the bounds.
                bool leftFirst = tree.ChildBounds(queryLeaf, node, out float left, out float right);
                int near = leftFirst ? tree.Left[node] : tree.Right[node], far = leftFirst ? tree.Right[node] : tree.Left[node];
                float nearBound = leftFirst ? left : right, farBound = leftFirst ? right : left;
                if (farBound < worstOfAll) Push(s, ref top, far, farBound);
                if (nearBound < worstOfAll) Push(s, ref top, near, nearBound);
                continue;
            }

            worstOfAll = 0f;
            for (int i = 0; i < count; i++)
            {
                var best = s.Best.AsSpan(i * K, K);
                if (node == queryLeaf || tree.LowerBoundSq(ref tree.Row(first + i), node, out _) < best[K - 1])
                {
                    Insert(tree, first + i, node, best, s.Ids.AsSpan(i * K, K), s.Leaf);
                }
                worstOfAll = MathF.Max(worstOfAll, best[K - 1]);
            }
        }

        for (int i = 0; i < count; i++)
        {
            CoreSq[first + i] = s.Best[i * K + K - 1];
            s.Ids.AsSpan(i * K, K).CopyTo(Neighbours.AsSpan((first + i) * K, K));
        }
    }

    /// <summary>Merges a leaf's rows into one query's ascending k best.</summary>
    private static void Insert(BallTree tree, int q, int leaf, Span<float> best, Span<int> ids, float[] distances)
    {
        tree.LeafDistances(ref tree.Row(q), leaf, distances);
        int k = best.Length, start = tree.Start[leaf], rows = tree.End[leaf] - start;
        float worst = best[k - 1];
        for (int i = 0; i < rows; i++)
        {
            float d = distances[i];
            // A row at exactly the k-th distance is a tie, which leaves the core distance unchanged.
            if (d >= worst) continue;
            int slot = k - 1;
            while (slot > 0 && best[slot - 1] > d)
            {
                best[slot] = best[slot - 1];
                ids[slot] = ids[slot - 1];
                slot--;
            }
            best[slot] = d;
            ids[slot] = start + i;
            worst = best[k - 1];
        }
    }

    private static void Push(Scratch s, ref int top, int node, float bound)
    {
        s.Stack[top] = node;
        s.Bound[top++] = bound;
    }
}
