namespace Pipeline.Clustering;

/// <summary>The clusters of a condensed tree as a tree of their own, indexed by id - PointCount (root = 0).</summary>
internal sealed class ClusterHierarchy
{
    public int Count { get; }
    public int[] Parent { get; }

    /// <summary>Lambda at which each cluster was born (0 for the root).</summary>
    public double[] Birth { get; }

    private readonly int[] _childStart;
    private readonly int[] _children;

    public ClusterHierarchy(CondensedTree tree)
    {
        Count = tree.ClusterCount;
        Parent = new int[Count];
        Birth = new double[Count];
        Parent[0] = -1;
        var childCount = new int[Count + 1];
        foreach (var row in tree.Rows)
        {
            if (row.Child < tree.PointCount) continue;
            int child = row.Child - tree.PointCount;
            Parent[child] = row.Parent - tree.PointCount;
            Birth[child] = row.Lambda;
            childCount[Parent[child] + 1]++;
        }
        _childStart = new int[Count + 1];
        for (int i = 0; i < Count; i++) _childStart[i + 1] = _childStart[i] + childCount[i + 1];
        _children = new int[Math.Max(0, Count - 1)];
        var fill = (int[])_childStart.Clone();
        // Ids grow in breadth-first order, so children come out in the order the tree created them.
        for (int child = 1; child < Count; child++) _children[fill[Parent[child]]++] = child;
    }

    public ReadOnlySpan<int> Children(int cluster) => _children.AsSpan(_childStart[cluster], _childStart[cluster + 1] - _childStart[cluster]);

    /// <summary>Strict descendants of a cluster.</summary>
    public List<int> Descendants(int cluster)
    {
        var result = new List<int>();
        var pending = new Stack<int>();
        pending.Push(cluster);
        while (pending.Count > 0)
        {
            foreach (int child in Children(pending.Pop()))
            {
                result.Add(child);
                pending.Push(child);
            }
        }
        return result;
    }
}
