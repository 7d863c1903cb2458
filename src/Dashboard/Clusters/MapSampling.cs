using Pipeline.Storage;

namespace Pipeline.Dashboard.Clusters;

/// <summary>
/// How many points of each cluster a map of at most <c>budget</c> points draws: every cluster at least one (the
/// largest first when there are more clusters than points), the rest in proportion to size by largest remainder,
/// so small clusters stay visible and the total never exceeds the budget.
/// </summary>
public static class MapSampling
{
    public const int DefaultBudget = 5000;

    public static Dictionary<int, int> Quotas(IEnumerable<ClusterSummary> sizes, int budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        var clusters = sizes.Where(s => s.Size > 0).OrderByDescending(s => s.Size).ThenBy(s => s.Cluster).ToList();
        if (clusters.Sum(s => (long)s.Size) <= budget) return clusters.ToDictionary(s => s.Cluster, s => s.Size);
        clusters = clusters.Take(budget).ToList();
        var quotas = clusters.ToDictionary(s => s.Cluster, _ => 1);
        long left = budget - clusters.Count, rest = clusters.Sum(s => s.Size - 1L);
        if (left == 0 || rest == 0) return quotas;
        // left < rest here, so no share exceeds its cluster's remaining size.
        var shares = clusters.Select(s => (s.Cluster, Exact: (double)(s.Size - 1) * left / rest)).ToList();
        foreach (var (cluster, exact) in shares) quotas[cluster] += (int)exact;
        var remaining = budget - quotas.Values.Sum();
        foreach (var (cluster, _) in shares.OrderByDescending(s => s.Exact - Math.Floor(s.Exact)).ThenBy(s => s.Cluster).Take(remaining))
            quotas[cluster]++;
        return quotas;
    }

    /// <summary>Points already in hand cut to the same per-cluster quotas, keeping each cluster's first points.</summary>
    public static IReadOnlyList<MapPoint> Bound(IReadOnlyList<MapPoint> points, int budget)
    {
        if (points.Count <= budget) return points;
        var quotas = Quotas(points.GroupBy(p => p.Cluster).Select(g => new ClusterSummary(g.Key, g.Count())), budget);
        var taken = new Dictionary<int, int>();
        var kept = new List<MapPoint>(budget);
        foreach (var p in points)
        {
            var count = taken.GetValueOrDefault(p.Cluster);
            if (count >= quotas.GetValueOrDefault(p.Cluster)) continue;
            taken[p.Cluster] = count + 1;
            kept.Add(p);
        }
        return kept;
    }
}
