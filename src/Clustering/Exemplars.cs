namespace Pipeline.Clustering;

/// <summary>
/// The most representative points of each selected cluster, as the hdbscan library's <c>exemplars_</c> (there as
/// coordinates, here as rows): for every leaf of the condensed tree under the cluster (the cluster itself when it has
/// no sub-clusters), the points that stay in that leaf longest, i.e. leave it at its largest lambda.
/// </summary>
internal static class Exemplars
{
    /// <param name="clusterOf">Condensed-tree cluster (index) of each label.</param>
    public static int[][] Compute(CondensedTree tree, ClusterHierarchy hierarchy, IReadOnlyList<int> clusterOf)
    {
        int n = tree.PointCount;
        var deepest = new double[hierarchy.Count];
        Array.Fill(deepest, double.NegativeInfinity);
        foreach (var row in tree.Rows)
        {
            if (row.Child < n) deepest[row.Parent - n] = Math.Max(deepest[row.Parent - n], row.Lambda);
        }
        var points = new List<int>[hierarchy.Count];
        foreach (var row in tree.Rows)
        {
            int c = row.Parent - n;
            if (row.Child < n && row.Lambda == deepest[c] && hierarchy.Children(c).IsEmpty) (points[c] ??= []).Add(row.Child);
        }

        var result = new int[clusterOf.Count][];
        for (int label = 0; label < clusterOf.Count; label++)
        {
            var exemplars = new List<int>();
            foreach (int leaf in LeavesUnder(hierarchy, clusterOf[label]))
            {
                if (points[leaf] is { } found) exemplars.AddRange(found);
            }
            result[label] = exemplars.ToArray();
        }
        return result;
    }

    /// <summary>Leaf clusters under a cluster, depth first in child order (recurse_leaf_dfs's order).</summary>
    private static List<int> LeavesUnder(ClusterHierarchy hierarchy, int cluster)
    {
        var leaves = new List<int>();
        var pending = new Stack<int>();
        pending.Push(cluster);
        while (pending.Count > 0)
        {
            int c = pending.Pop();
            var children = hierarchy.Children(c);
            if (children.IsEmpty) leaves.Add(c);
            for (int i = children.Length - 1; i >= 0; i--) pending.Push(children[i]);
        }
        return leaves;
    }
}
