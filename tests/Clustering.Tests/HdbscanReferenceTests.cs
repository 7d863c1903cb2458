using System.Text.Json;

namespace Pipeline.Clustering.Tests;

public class HdbscanReferenceTests
{
    public static TheoryData<string, int> HdbscanRuns() => ReferenceData.RunsOf("hdbscan");

    /// <summary>
    /// Equal mutual-reachability weights are common (every edge into a point whose core distance dominates weighs
    /// exactly that core distance), and scikit-learn orders them with numpy's unstable argsort, so its result can
    /// hinge on an arbitrary order. A run that is not matched outright must be matched exactly once equal-weight
    /// edges of our own spanning tree are reordered, and even unreordered may differ by one noise point at most.
    /// </summary>
    [Theory]
    [MemberData(nameof(HdbscanRuns))]
    public void Hdbscan_reproduces_scikit_learn_reference_runs(string file, int runIndex)
    {
        var set = ReferenceData.Points(file);
        var run = ReferenceData.Runs(file)[runIndex];
        var options = OptionsFrom(run.GetProperty("params"));
        var expected = new Expected(ReferenceData.Ints(run.GetProperty("labels")), run.GetProperty("n_clusters").GetInt32(), run.GetProperty("n_noise").GetInt32());

        var result = Hdbscan.Fit(set.Data, set.N, set.Dim, options);

        Assert.Equal(expected.Clusters, result.ClusterCount);
        if (expected.IsMatchedBy(result)) return;
        Assert.InRange(result.NoiseCount, expected.Noise - 1, expected.Noise + 1);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(expected.Labels, result.Labels) >= 0.98);

        var edges = Hdbscan.SpanningTree(set.Data, set.N, set.Dim, options.MinSamples ?? options.MinClusterSize, new ParallelOptions(), null);
        var canonical = SingleLinkageTree.InCanonicalOrder(edges);
        var reordered = TieOrders.BestOrder(canonical, order => expected.Score(Hdbscan.FromOrderedEdges(set.N, order, options)));
        Assert.True(expected.IsMatchedBy(Hdbscan.FromOrderedEdges(set.N, reordered, options)), "no order of equal weights reproduces scikit-learn");
    }

    private sealed record Expected(int[] Labels, int Clusters, int Noise)
    {
        public bool IsMatchedBy(ClusteringResult result) =>
            result.ClusterCount == Clusters && result.NoiseCount == Noise
            && ClusteringMetrics.AdjustedRandIndex(Labels, result.Labels) >= 0.99;

        public double Score(ClusteringResult result) =>
            (result.ClusterCount == Clusters ? 1 : 0) + (result.NoiseCount == Noise ? 1 : 0)
            + ClusteringMetrics.AdjustedRandIndex(Labels, result.Labels);
    }

    internal static HdbscanOptions OptionsFrom(JsonElement p) => new()
    {
        MinClusterSize = p.TryGetProperty("min_cluster_size", out var mcs) ? mcs.GetInt32() : 5,
        MinSamples = p.TryGetProperty("min_samples", out var ms) && ms.ValueKind == JsonValueKind.Number ? ms.GetInt32() : null,
        Method = p.TryGetProperty("cluster_selection_method", out var m) && m.GetString() == "leaf" ? ClusterSelectionMethod.Leaf : ClusterSelectionMethod.Eom,
        ClusterSelectionEpsilon = p.TryGetProperty("cluster_selection_epsilon", out var eps) ? eps.GetDouble() : 0.0,
        AllowSingleCluster = p.TryGetProperty("allow_single_cluster", out var single) && single.GetBoolean(),
    };
}
