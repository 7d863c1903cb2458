namespace Pipeline.Clustering.Tests;

public class HdbscanTests
{
    public static TheoryData<int, int> Shapes() => new() { { 2, 1 }, { 8, 2 }, { 32, 3 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Tree_core_distances_equal_brute_force(int dim, int seed)
    {
        var (data, _) = SyntheticBlobs.Make(2500, dim, 6, seed);
        var tree = new BallTree(data, 2500, dim);
        var fast = CoreDistances.Compute(tree, 7, new ParallelOptions(), new StageProgress(null, 0, 1));
        var exact = BruteForce.CoreDistances(data, 2500, dim, 7);
        for (int row = 0; row < tree.Count; row++)
        {
            Assert.Equal(exact[tree.Original[row]], Math.Sqrt(fast.CoreSq[row]), exact[tree.Original[row]] * 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Boruvka_spanning_tree_matches_Prims_weight_and_partition(int dim, int seed)
    {
        const int n = 2500;
        var (data, _) = SyntheticBlobs.Make(n, dim, 6, seed);
        var options = new HdbscanOptions { MinClusterSize = 15, MinSamples = 7 };
        var prim = BruteForce.PrimSpanningTree(data, n, dim, BruteForce.CoreDistances(data, n, dim, 7));

        var fast = Hdbscan.SpanningTree(data, n, dim, 7, new ParallelOptions(), null);

        double exactWeight = prim.Sum(e => e.Distance), fastWeight = fast.Sum(e => e.Distance);
        Assert.Equal(exactWeight, fastWeight, exactWeight * 1e-6);
        var exact = Hdbscan.FromSpanningTree(n, prim, options);
        var result = Hdbscan.Fit(data, n, dim, options);
        Assert.Equal(exact.ClusterCount, result.ClusterCount);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(exact.Labels, result.Labels) >= 0.99);
    }

    [Fact]
    public void Hdbscan_gives_identical_results_on_repeated_runs()
    {
        var (data, _) = SyntheticBlobs.Make(20_000, 16, 12, seed: 5);
        var options = new HdbscanOptions { MinClusterSize = 20, MinSamples = 10 };
        var first = Hdbscan.Fit(data, 20_000, 16, options);
        var second = Hdbscan.Fit(data, 20_000, 16, options);
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Probabilities, second.Probabilities);
    }

    [Fact]
    public void Hdbscan_finds_well_separated_blobs_and_leaves_uniform_noise_out()
    {
        var (data, truth) = SyntheticBlobs.Make(6000, 24, 10, seed: 11);
        var result = Hdbscan.Fit(data, 6000, 24, new HdbscanOptions { MinClusterSize = 25, MinSamples = 10 });
        Assert.Equal(10, result.ClusterCount);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(truth, result.Labels) >= 0.95);
        Assert.All(result.Probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.All(Enumerable.Range(0, 6000).Where(i => result.Labels[i] < 0), i => Assert.Equal(0f, result.Probabilities[i]));
    }

    [Fact]
    public void Hdbscan_does_not_depend_on_row_order_beyond_ties()
    {
        var (data, _) = SyntheticBlobs.Make(3000, 8, 5, seed: 2);
        var order = Enumerable.Range(0, 3000).OrderBy(i => (i * 7919) % 3001).ToArray();
        var shuffled = order.SelectMany(i => data.AsSpan(i * 8, 8).ToArray()).ToArray();
        var options = new HdbscanOptions { MinClusterSize = 20 };

        var original = Hdbscan.Fit(data, 3000, 8, options);
        var permuted = Hdbscan.Fit(shuffled, 3000, 8, options);

        var back = new int[3000];
        for (int i = 0; i < 3000; i++) back[order[i]] = permuted.Labels[i];
        Assert.Equal(original.ClusterCount, permuted.ClusterCount);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(original.Labels, back) >= 0.99);
    }

    [Fact]
    public void A_single_blob_is_one_cluster_only_when_allowed()
    {
        // As in scikit-learn 1.4.2, a lone root keeps only the points that stay until its last event; the rest is noise.
        var (data, _) = SyntheticBlobs.Make(500, 4, 1, seed: 3, noiseShare: 0);
        var single = Hdbscan.Fit(data, 500, 4, new HdbscanOptions { MinClusterSize = 50, AllowSingleCluster = true });
        var split = Hdbscan.Fit(data, 500, 4, new HdbscanOptions { MinClusterSize = 50 });
        Assert.Equal(1, single.ClusterCount);
        Assert.NotEqual(1, split.ClusterCount);
    }

    [Fact]
    public void Duplicate_rows_and_tiny_inputs_are_handled()
    {
        var pair = Hdbscan.Fit([0f, 0f, 1f, 1f], 2, 2, new HdbscanOptions { MinClusterSize = 2 });
        Assert.Equal(2, pair.Labels.Length);

        var same = Hdbscan.Fit(new float[100 * 3], 100, 3, new HdbscanOptions { AllowSingleCluster = true });
        Assert.Single(same.Labels.Distinct());

        var (blob, _) = SyntheticBlobs.Make(300, 3, 1, seed: 8, noiseShare: 0);
        var data = blob.Concat(Enumerable.Repeat(new[] { 40f, 40f, 40f }, 60).SelectMany(r => r)).ToArray();
        var result = Hdbscan.Fit(data, 360, 3, new HdbscanOptions { MinClusterSize = 20 });
        Assert.Equal(2, result.ClusterCount);
        Assert.Single(result.Labels[300..].Distinct());
        Assert.All(result.Probabilities, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void Progress_runs_from_zero_to_one_in_order()
    {
        var (data, _) = SyntheticBlobs.Make(5000, 8, 5, seed: 4);
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports);
        Hdbscan.Fit(data, 5000, 8, new HdbscanOptions(), progress);
        SynchronousProgress.AssertRanToCompletion(reports);
    }

    [Fact]
    public void Cancellation_stops_the_fit()
    {
        var (data, _) = SyntheticBlobs.Make(5000, 8, 5, seed: 4);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Hdbscan.Fit(data, 5000, 8, new HdbscanOptions(), ct: cancelled.Token));
    }

    [Fact]
    public void Invalid_options_and_data_are_rejected()
    {
        var data = new float[20];
        Assert.Throws<ArgumentOutOfRangeException>(() => Hdbscan.Fit(data, 10, 2, new HdbscanOptions { MinClusterSize = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hdbscan.Fit(data, 10, 2, new HdbscanOptions { MinSamples = 11 }));
        Assert.Throws<ArgumentException>(() => Hdbscan.Fit(data, 10, 3, new HdbscanOptions()));
        data[3] = float.NaN;
        Assert.Throws<ArgumentException>(() => Hdbscan.Fit(data, 10, 2, new HdbscanOptions()));
    }
}
