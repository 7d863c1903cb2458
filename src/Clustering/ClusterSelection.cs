namespace Pipeline.Clustering;

/// <summary>
/// Picks flat clusters from a condensed tree and labels the points, following scikit-learn 1.4.2's
/// <c>_get_clusters</c>, <c>do_labelling</c> and <c>get_probabilities</c>.
/// </summary>
internal static class ClusterSelection
{
    public static ClusteringResult Extract(CondensedTree tree, HdbscanOptions options)
    {
        var hierarchy = new ClusterHierarchy(tree);
        bool[] selected = options.Method == ClusterSelectionMethod.Eom
            ? ExcessOfMass(tree, hierarchy, options)
            : Leaves(hierarchy, options);
        var (result, clusterOf) = Label(tree, hierarchy, selected, options);
        return result with
        {
            OutlierScores = OutlierScores.Compute(tree, hierarchy),
            Exemplars = Exemplars.Compute(tree, hierarchy, clusterOf[..result.ClusterCount]),
        };
    }

    private static bool[] ExcessOfMass(CondensedTree tree, ClusterHierarchy hierarchy, HdbscanOptions options)
    {
        var stability = tree.Stability();
        var keepsItself = new bool[hierarchy.Count];
        int lowest = options.AllowSingleCluster ? 0 : 1;
        // Children before parents: a cluster stays whole unless its children's (propagated) stability beats its own.
        for (int c = hierarchy.Count - 1; c >= lowest; c--)
        {
            double children = 0;
            foreach (int child in hierarchy.Children(c)) children += stability[child];
            if (children > stability[c]) stability[c] = children;
            else keepsItself[c] = true;
        }
        // A cluster that keeps itself absorbs everything below it.
        var selected = new bool[hierarchy.Count];
        var covered = new bool[hierarchy.Count];
        for (int c = 0; c < hierarchy.Count; c++)
        {
            int parent = hierarchy.Parent[c];
            covered[c] = parent >= 0 && (covered[parent] || keepsItself[parent]);
            selected[c] = keepsItself[c] && !covered[c];
        }

        if (options.ClusterSelectionEpsilon == 0 || hierarchy.Count == 1) return selected;
        // A lone root is exempt from the epsilon merge.
        if (selected[0]) return selected;
        return EpsilonSearch(hierarchy, Members(selected), options);
    }

    private static bool[] Leaves(ClusterHierarchy hierarchy, HdbscanOptions options)
    {
        var leaves = new bool[hierarchy.Count];
        // With no split at all there are no leaves, and scikit-learn then selects nothing.
        for (int c = 1; c < hierarchy.Count; c++) leaves[c] = hierarchy.Children(c).IsEmpty;
        return options.ClusterSelectionEpsilon == 0 ? leaves : EpsilonSearch(hierarchy, Members(leaves), options);
    }

    private static List<int> Members(bool[] flags)
    {
        var members = new List<int>();
        for (int c = 0; c < flags.Length; c++)
        {
            if (flags[c]) members.Add(c);
        }
        return members;
    }

    /// <summary>Replaces each cluster born below epsilon (in distance) by its nearest ancestor born above it.</summary>
    private static bool[] EpsilonSearch(ClusterHierarchy hierarchy, List<int> candidates, HdbscanOptions options)
    {
        double epsilon = options.ClusterSelectionEpsilon;
        var result = new bool[hierarchy.Count];
        var processed = new bool[hierarchy.Count];
        foreach (int leaf in candidates)
        {
            if (1 / hierarchy.Birth[leaf] >= epsilon)
            {
                result[leaf] = true;
                continue;
            }
            if (processed[leaf]) continue;
            int chosen = TraverseUpwards(hierarchy, leaf, epsilon, options.AllowSingleCluster);
            result[chosen] = true;
            foreach (int below in hierarchy.Descendants(chosen)) processed[below] = true;
        }
        return result;
    }

    private static int TraverseUpwards(ClusterHierarchy hierarchy, int cluster, double epsilon, bool allowSingleCluster)
    {
        while (true)
        {
            int parent = hierarchy.Parent[cluster];
            if (parent == 0) return allowSingleCluster ? 0 : cluster;
            if (1 / hierarchy.Birth[parent] > epsilon) return parent;
            cluster = parent;
        }
    }

    /// <summary>Labels and membership strengths, and the condensed-tree cluster behind each label.</summary>
    private static (ClusteringResult Result, List<int> ClusterOf) Label(CondensedTree tree, ClusterHierarchy hierarchy, bool[] selected, HdbscanOptions options)
    {
        int n = tree.PointCount;
        // A cluster's points go to its nearest selected ancestor-or-self; the root (0) stands for "none".
        var owner = new int[hierarchy.Count];
        var labelOf = new int[hierarchy.Count];
        var clusterOf = new List<int>();
        for (int c = 0; c < hierarchy.Count; c++)
        {
            owner[c] = selected[c] || c == 0 ? c : owner[hierarchy.Parent[c]];
            labelOf[c] = -1;
            if (!selected[c]) continue;
            labelOf[c] = clusterOf.Count;
            clusterOf.Add(c);
        }

        // A lone selected root keeps only points that stay until its last event (or until lambda 1 / epsilon).
        bool singleRoot = clusterOf.Count == 1 && options.AllowSingleCluster;
        double rootThreshold = options.ClusterSelectionEpsilon != 0 ? 1 / options.ClusterSelectionEpsilon : double.NegativeInfinity;
        var deaths = new double[hierarchy.Count];
        foreach (var row in tree.Rows)
        {
            int parent = row.Parent - n;
            deaths[parent] = Math.Max(deaths[parent], row.Lambda);
        }
        if (options.ClusterSelectionEpsilon == 0) rootThreshold = deaths[0];

        var labels = new int[n];
        var probabilities = new float[n];
        foreach (var row in tree.Rows)
        {
            if (row.Child >= n) continue;
            int cluster = owner[row.Parent - n];
            int label = cluster != 0 ? labelOf[cluster] : -1;
            if (cluster == 0 && singleRoot && row.Lambda >= rootThreshold) label = labelOf[0];
            labels[row.Child] = label;
            if (label < 0) continue;
            // Membership strength: how long the point stayed, relative to the cluster's last event.
            double death = deaths[clusterOf[label]];
            probabilities[row.Child] = death == 0 || double.IsInfinity(row.Lambda) ? 1f : (float)(Math.Min(row.Lambda, death) / death);
        }
        int clusterCount = 0;
        foreach (int label in labels) clusterCount = Math.Max(clusterCount, label + 1);
        return (new ClusteringResult(labels, probabilities, clusterCount), clusterOf);
    }
}
