namespace Pipeline.Clustering;

/// <summary>
/// How many rows under each ball-tree node are still open (unlabelled), so a search that only wants open rows can
/// skip whole subtrees: late in a DBSCAN expansion most of a dense neighbourhood is already labelled.
/// </summary>
internal sealed class OpenRows
{
    private readonly int[] _parent;
    private readonly int[] _leafOf;

    /// <summary>Open rows per node.</summary>
    public int[] Counts { get; }

    public OpenRows(BallTree tree)
    {
        Counts = new int[tree.NodeCount];
        _parent = new int[tree.NodeCount];
        _parent[0] = -1;
        for (int node = 0; node < tree.NodeCount; node++)
        {
            Counts[node] = tree.End[node] - tree.Start[node];
            if (tree.Left[node] < 0) continue;
            _parent[tree.Left[node]] = node;
            _parent[tree.Right[node]] = node;
        }
        _leafOf = new int[tree.Count];
        foreach (int leaf in tree.Leaves) _leafOf.AsSpan(tree.Start[leaf], tree.End[leaf] - tree.Start[leaf]).Fill(leaf);
    }

    /// <summary>Closes a tree row (call once per row).</summary>
    public void Close(int row)
    {
        for (int node = _leafOf[row]; node >= 0; node = _parent[node]) Counts[node]--;
    }
}
