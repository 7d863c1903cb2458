namespace Pipeline.Clustering;

/// <summary>
/// Radius queries on a <see cref="BallTree"/>, one instance per thread. The float32 leaf kernel and node bounds only
/// find candidates (against a slightly padded radius, so rounding cannot drop a true neighbour); membership is
/// decided by <see cref="Distances.Euclidean64"/> &lt;= radius, scikit-learn's inclusive test in double precision.
/// </summary>
internal sealed class RadiusSearch(BallTree tree)
{
    /// <summary>Relative padding of the squared candidate radius; far above float32 error for any usual dimension.</summary>
    private const float Slack = 1e-3f;

    private readonly int[] _stack = new int[tree.NodeCount + 1];
    private readonly float[] _leaf = new float[tree.MaxLeafRows + 8];

    /// <summary>
    /// Counts the tree rows within radius of tree row q, q itself included, adding them to into when given; stops
    /// once limit rows are found (a core test needs no more). With open, subtrees without open rows are skipped
    /// (rows of partly open leaves may still be returned).
    /// </summary>
    public int Within(int q, double radius, List<int>? into = null, int limit = int.MaxValue, OpenRows? open = null)
    {
        ref float query = ref tree.Row(q);
        float candidateSq = (float)(radius * radius) * (1 + Slack);
        int found = 0, top = 0;
        _stack[top++] = 0;
        while (top > 0)
        {
            int node = _stack[--top];
            if (open is not null && open.Counts[node] == 0) continue;
            if (tree.LowerBoundSq(ref query, node, out _) > candidateSq) continue;
            if (tree.Left[node] >= 0)
            {
                _stack[top++] = tree.Right[node];
                _stack[top++] = tree.Left[node];
                continue;
            }
            tree.LeafDistances(ref query, node, _leaf);
            int start = tree.Start[node], rows = tree.End[node] - start;
            for (int i = 0; i < rows; i++)
            {
                if (_leaf[i] > candidateSq || Distances.Euclidean64(ref query, ref tree.Row(start + i), tree.Dim) > radius) continue;
                into?.Add(start + i);
                if (++found >= limit) return found;
            }
        }
        return found;
    }
}
