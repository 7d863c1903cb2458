namespace Pipeline.Clustering.Tests;

/// <summary>Reorders equal-weight edges of a sorted spanning tree, one group at a time.</summary>
internal static class TieOrders
{
    /// <summary>
    /// Greedily picks, group by group, the order of each run of equal weights that scores best, keeping the rest;
    /// returns the final order. Groups are independent unless they share a merge, so one pass suffices in practice.
    /// </summary>
    public static WeightedEdge[] BestOrder(WeightedEdge[] sorted, Func<WeightedEdge[], double> score)
    {
        var order = (WeightedEdge[])sorted.Clone();
        double best = score(order);
        for (int start = 0; start < order.Length;)
        {
            int end = start + 1;
            while (end < order.Length && order[end].Distance == order[start].Distance) end++;
            var group = order[start..end];
            foreach (var permutation in Permutations(end - start).Skip(1))
            {
                var candidate = (WeightedEdge[])order.Clone();
                for (int i = 0; i < permutation.Length; i++) candidate[start + i] = group[permutation[i]];
                double value = score(candidate);
                if (value <= best) continue;
                best = value;
                order = candidate;
            }
            start = end;
        }
        return order;
    }

    /// <summary>All orders of small groups (identity first); for larger ones, the identity, its rotations and reversal.</summary>
    private static IEnumerable<int[]> Permutations(int count)
    {
        var identity = Enumerable.Range(0, count).ToArray();
        if (count > 5)
        {
            yield return identity;
            for (int shift = 1; shift < count; shift++) yield return identity.Select(i => (i + shift) % count).ToArray();
            yield return identity.Reverse().ToArray();
            yield break;
        }
        foreach (var p in All(identity, 0)) yield return p;
    }

    private static IEnumerable<int[]> All(int[] items, int from)
    {
        if (from == items.Length)
        {
            yield return (int[])items.Clone();
            yield break;
        }
        for (int i = from; i < items.Length; i++)
        {
            (items[from], items[i]) = (items[i], items[from]);
            foreach (var p in All(items, from + 1)) yield return p;
            (items[from], items[i]) = (items[i], items[from]);
        }
    }
}
