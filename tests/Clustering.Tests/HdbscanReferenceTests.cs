using System.Text.Json;

namespace Pipeline.Clustering.Tests;

public class HdbscanReferenceTests
{
    public static TheoryData<string, int> HdbscanRuns()
    {
        var runs = new TheoryData<string, int>();
        foreach (string file in ReferenceData.ExpectedFiles())
        {
            var expected = ReferenceData.Expected(file);
            if (!expected.TryGetProperty("runs", out var list)) continue;
            int index = 0;
            foreach (var run in list.EnumerateArray())
            {
                if (run.TryGetProperty("algorithm", out var algorithm) && algorithm.GetString() == "hdbscan") runs.Add(file, index);
                index++;
            }
        }
        return runs;
    }

    [Theory]
    [MemberData(nameof(HdbscanRuns))]
    public void Hdbscan_reproduces_scikit_learn_reference_runs(string file, int runIndex)
    {
        var set = ReferenceData.Points(file);
        var run = ReferenceData.Expected(file).GetProperty("runs")[runIndex];
        var options = OptionsFrom(run.GetProperty("params"));

        var result = Hdbscan.Fit(set.Data, set.N, set.Dim, options);

        var reference = ReferenceData.Ints(run.GetProperty("labels"));
        Assert.Equal(run.GetProperty("n_clusters").GetInt32(), result.ClusterCount);
        Assert.Equal(run.GetProperty("n_noise").GetInt32(), result.NoiseCount);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(reference, result.Labels) >= 0.99,
            $"ARI {ClusteringMetrics.AdjustedRandIndex(reference, result.Labels):F4} against scikit-learn");
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
