namespace Pipeline.Clustering;

/// <summary>A spanning-tree edge between two caller rows.</summary>
internal readonly record struct WeightedEdge(int A, int B, double Distance);

/// <summary>
/// The single-linkage dendrogram in scipy's layout: merge i joins nodes Left[i] and Right[i] (ids below
/// PointCount are points, id PointCount + j is merge j) at Distance[i] into a node of Size[i] points.
/// </summary>
internal sealed class SingleLinkageTree
{
    public int PointCount { get; }
    public int[] Left { get; }
    public int[] Right { get; }
    public double[] Distance { get; }
    public int[] Size { get; }

    private SingleLinkageTree(int pointCount)
    {
        PointCount = pointCount;
        Left = new int[pointCount - 1];
        Right = new int[pointCount - 1];
        Distance = new double[pointCount - 1];
        Size = new int[pointCount - 1];
    }

    public int SizeOf(int node) => node < PointCount ? 1 : Size[node - PointCount];

    /// <summary>
    /// Orders spanning-tree edges for <see cref="FromOrderedEdges"/>: by weight, equal weights by row pair.
    /// scikit-learn leaves equal weights in whatever order numpy's unstable argsort yields; any fixed order is
    /// equally valid, this one is deterministic and independent of how the tree was found.
    /// </summary>
    public static WeightedEdge[] InCanonicalOrder(WeightedEdge[] edges)
    {
        var sorted = (WeightedEdge[])edges.Clone();
        Array.Sort(sorted, static (x, y) =>
        {
            int byWeight = x.Distance.CompareTo(y.Distance);
            if (byWeight != 0) return byWeight;
            int byLow = Math.Min(x.A, x.B).CompareTo(Math.Min(y.A, y.B));
            return byLow != 0 ? byLow : Math.Max(x.A, x.B).CompareTo(Math.Max(y.A, y.B));
        });
        return sorted;
    }

    /// <summary>Kruskal over a spanning tree's edges, taken in the given (non-decreasing weight) order.</summary>
    public static SingleLinkageTree FromOrderedEdges(int pointCount, WeightedEdge[] ordered)
    {
        if (ordered.Length != pointCount - 1) throw new ArgumentException("A spanning tree has n - 1 edges.", nameof(ordered));
        var tree = new SingleLinkageTree(pointCount);
        // parent[x] == -1 marks a current root; merge i becomes node pointCount + i.
        var parent = new int[2 * pointCount - 1];
        Array.Fill(parent, -1);
        for (int i = 0; i < ordered.Length; i++)
        {
            if (i > 0 && ordered[i].Distance < ordered[i - 1].Distance) throw new ArgumentException("Edges must be in non-decreasing weight order.", nameof(ordered));
            int a = FindRoot(parent, ordered[i].A);
            int b = FindRoot(parent, ordered[i].B);
            if (a == b) throw new ArgumentException("The edges contain a cycle.", nameof(ordered));
            tree.Left[i] = a;
            tree.Right[i] = b;
            tree.Distance[i] = ordered[i].Distance;
            tree.Size[i] = tree.SizeOf(a) + tree.SizeOf(b);
            parent[a] = parent[b] = pointCount + i;
        }
        return tree;
    }

    private static int FindRoot(int[] parent, int x)
    {
        int root = x;
        while (parent[root] != -1) root = parent[root];
        while (parent[x] != -1 && parent[x] != root)
        {
            int next = parent[x];
            parent[x] = root;
            x = next;
        }
        return root;
    }
}
