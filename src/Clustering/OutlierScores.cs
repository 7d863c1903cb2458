namespace Pipeline.Clustering;

/// <summary>
/// GLOSH outlier scores (Campello, Moulavi, Zimek and Sander 2015), as the hdbscan library's <c>outlier_scores_</c>:
/// a point that left cluster C at lambda scores 1 - lambda / lambda_max(C) = 1 - eps_max(C) / eps(point), where
/// lambda_max(C) is the largest lambda at which any point of C or of its sub-clusters is still in a cluster (the
/// density of C's densest part). So 0 is a point as dense as the densest part of its cluster and values near 1 are
/// points far sparser than it. lambda_max is taken over the whole subtree, as the paper defines it; the hdbscan
/// library means the same but its propagation loop can stop early.
/// </summary>
internal static class OutlierScores
{
    public static float[] Compute(CondensedTree tree, ClusterHierarchy hierarchy)
    {
        int n = tree.PointCount;
        var deepest = new double[hierarchy.Count];
        foreach (var row in tree.Rows)
        {
            int parent = row.Parent - n;
            deepest[parent] = Math.Max(deepest[parent], row.Lambda);
        }
        // Children have larger ids than their parents, so one descending pass carries maxima up to the root.
        for (int c = hierarchy.Count - 1; c > 0; c--)
        {
            int parent = hierarchy.Parent[c];
            deepest[parent] = Math.Max(deepest[parent], deepest[c]);
        }

        var scores = new float[n];
        foreach (var row in tree.Rows)
        {
            if (row.Child >= n) continue;
            double max = deepest[row.Parent - n];
            // Duplicates make lambda infinite: a point with infinite lambda is as dense as it gets (0); beside
            // an infinitely dense part, any finite point is an outlier (1).
            scores[row.Child] = max == 0 || double.IsInfinity(row.Lambda) ? 0f
                : double.IsInfinity(max) ? 1f
                : (float)((max - row.Lambda) / max);
        }
        return scores;
    }
}
