namespace Pipeline.Clustering.Tests;

public class HdbscanApproximateTests
{
    private static readonly HdbscanOptions Options = new() { MinClusterSize = 25, MinSamples = 10 };

    [Fact]
    public void NN_descent_finds_nine_in_ten_of_the_exact_neighbours_and_never_a_smaller_core_distance()
    {
        const int n = 4000, dim = 32, within = 9;
        var (data, _) = SyntheticManifolds.Make(n, dim, 12, seed: 3);
        var tree = new BallTree(data, n, dim);
        var exact = CoreDistances.Compute(tree, within + 1, new ParallelOptions(), new StageProgress(null, 0, 1));
        var graph = NearestNeighbourDescent.Build(tree, 15, seed: 0, new ParallelOptions(), new StageProgress(null, 0, 1));

        int found = 0;
        for (int i = 0; i < n; i++)
        {
            var truth = exact.Neighbours.AsSpan(i * (within + 1), within + 1).ToArray().Where(j => j != i).ToHashSet();
            found += graph.Ids.AsSpan(i * graph.K, within).ToArray().Count(truth.Contains);
            Assert.True(graph.DistanceSq[i * graph.K + within - 1] >= exact.CoreSq[i] * (1 - 1e-5f));
        }
        Assert.True(found >= 0.9 * n * within, $"recall {(double)found / (n * within):F3}");
    }

    [Fact]
    public void Approximate_HDBSCAN_agrees_with_exact_on_overlapping_clusters_with_noise()
    {
        const int n = 20_000, dim = 32;
        // Overlapping sheets in a Gaussian background: exact HDBSCAN recovers the truth only to ARI 0.9.
        var (data, _) = SyntheticManifolds.Make(n, dim, 40, seed: n, centreSpread: 0.6);
        var exact = Hdbscan.Fit(data, n, dim, Options with { Neighbours = NeighbourSearch.Exact });
        var approximate = Hdbscan.Fit(data, n, dim, Options with { Neighbours = NeighbourSearch.Approximate });

        Assert.InRange(exact.ClusterCount, 30, 50);
        Assert.InRange(approximate.ClusterCount, exact.ClusterCount - 2, exact.ClusterCount + 2);
        double ari = ClusteringMetrics.AdjustedRandIndex(exact.Labels, approximate.Labels);
        Assert.True(ari >= 0.95, $"ARI {ari:F4}");
    }

    [Fact]
    public void Approximate_HDBSCAN_is_the_same_on_every_run_and_thread_count()
    {
        const int n = 6000, dim = 32;
        var (data, _) = SyntheticManifolds.Make(n, dim, 16, seed: 9);
        var options = Options with { Neighbours = NeighbourSearch.Approximate, Seed = 7 };
        var first = Hdbscan.Fit(data, n, dim, options);
        var second = Hdbscan.Fit(data, n, dim, options);
        var oneThread = Hdbscan.Fit(data, n, dim, options with { MaxDegreeOfParallelism = 1 });

        foreach (var other in new[] { second, oneThread })
        {
            Assert.Equal(first.Labels, other.Labels);
            Assert.Equal(first.Probabilities, other.Probabilities);
            Assert.Equal(first.OutlierScores, other.OutlierScores);
        }
    }

    [Fact]
    public void Auto_switches_to_approximate_neighbours_at_the_documented_size()
    {
        var auto = new HdbscanOptions();
        Assert.False(Hdbscan.UsesApproximateNeighbours(HdbscanOptions.ApproximateFrom - 1, auto));
        Assert.True(Hdbscan.UsesApproximateNeighbours(HdbscanOptions.ApproximateFrom, auto));
        Assert.True(Hdbscan.UsesApproximateNeighbours(100, auto with { Neighbours = NeighbourSearch.Approximate }));
        Assert.False(Hdbscan.UsesApproximateNeighbours(10_000_000, auto with { Neighbours = NeighbourSearch.Exact }));
    }

    [Fact]
    public void Approximate_progress_runs_from_zero_to_one_in_order()
    {
        var (data, _) = SyntheticBlobs.Make(3000, 8, 5, seed: 4);
        var reports = new List<double>();
        Hdbscan.Fit(data, 3000, 8, new HdbscanOptions { Neighbours = NeighbourSearch.Approximate }, new SynchronousProgress(reports));
        SynchronousProgress.AssertRanToCompletion(reports);
    }
}
