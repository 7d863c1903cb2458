namespace Pipeline.Clustering.Tests;

public class UmapTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void Separated_blobs_keep_their_neighbourhoods_and_clusters(int components)
    {
        const int n = 3000, dim = 32;
        var (data, truth) = SyntheticBlobs.Make(n, dim, 10, seed: 6, noiseShare: 0);
        // 200 epochs (umap-learn's default above 10,000 points) rather than 500 keeps the test quick.
        var result = Umap.Fit(data, n, dim, new UmapOptions { Components = components, Epochs = 200, Seed = 1 });

        Assert.Equal(n * components, result.Embedding.Length);
        Assert.All(result.Embedding, v => Assert.True(float.IsFinite(v)));
        double trust = EmbeddingQuality.Trustworthiness(data, dim, result.Embedding, components, n, k: 10);
        Assert.True(trust >= 0.9, $"trustworthiness {trust:F4}");
        var clusters = Hdbscan.Fit(result.Embedding, n, components, new HdbscanOptions { MinClusterSize = 50 });
        double ari = ClusteringMetrics.AdjustedRandIndex(truth, clusters.Labels);
        Assert.True(ari >= 0.95, $"ARI {ari:F4}, {clusters.ClusterCount} clusters, {clusters.NoiseCount} noise");
    }

    [Fact]
    public void Same_seed_gives_identical_bits_whatever_the_thread_count()
    {
        // 2000 rows are four blocks of vertices, so several threads share every epoch.
        const int n = 2000, dim = 8;
        var (data, _) = SyntheticBlobs.Make(n, dim, 6, seed: 2);
        var options = new UmapOptions { Components = 3, Epochs = 30, Seed = 7 };
        var first = Umap.Fit(data, n, dim, options).Embedding;
        var again = Umap.Fit(data, n, dim, options).Embedding;
        var oneThread = Umap.Fit(data, n, dim, options, new ParallelOptions { MaxDegreeOfParallelism = 1 }, null).Embedding;
        var fourThreads = Umap.Fit(data, n, dim, options, new ParallelOptions { MaxDegreeOfParallelism = 4 }, null).Embedding;
        Assert.Equal(first, again);
        Assert.Equal(first, oneThread);
        Assert.Equal(first, fourThreads);
        Assert.NotEqual(first, Umap.Fit(data, n, dim, options with { Seed = 8 }).Embedding);
    }

    [Fact]
    public void A_precomputed_neighbour_table_gives_the_same_embedding()
    {
        const int n = 1500, dim = 8;
        var (data, _) = SyntheticBlobs.Make(n, dim, 4, seed: 3);
        var options = new UmapOptions { Neighbors = 10, Epochs = 50, Seed = 2 };
        var table = NeighbourTable.Exact(data, n, dim, 20);
        var direct = Umap.Fit(data, n, dim, options);
        // A wider table is cut to Neighbors columns, so one search can serve several neighbourhood sizes.
        var fromTable = Umap.Fit(data, n, dim, table, options);
        Assert.Equal(direct.Embedding, fromTable.Embedding);
        Assert.Equal(direct.EdgeCount, fromTable.EdgeCount);
    }

    [Fact]
    public void Random_start_and_more_components_than_dimensions_still_separate_blobs()
    {
        const int n = 1200, dim = 4;
        var (data, truth) = SyntheticBlobs.Make(n, dim, 3, seed: 9, noiseShare: 0);
        foreach (var options in new[] { new UmapOptions { Init = UmapInit.Random, Seed = 4 }, new UmapOptions { Components = 6, Seed = 4 } })
        {
            var result = Umap.Fit(data, n, dim, options with { Epochs = 100 });
            var clusters = Hdbscan.Fit(result.Embedding, n, options.Components, new HdbscanOptions { MinClusterSize = 50 });
            Assert.True(ClusteringMetrics.AdjustedRandIndex(truth, clusters.Labels) >= 0.9, options.ToString());
        }
    }

    [Fact]
    public void Progress_runs_from_zero_to_one_in_order_and_cancellation_stops_the_fit()
    {
        var (data, _) = SyntheticBlobs.Make(1000, 8, 3, seed: 4);
        var reports = new List<double>();
        Umap.Fit(data, 1000, 8, new UmapOptions { Epochs = 30 }, new SynchronousProgress(reports));
        SynchronousProgress.AssertRanToCompletion(reports);
        Assert.Contains(reports, r => r > 0.5 && r < 1);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Umap.Fit(data, 1000, 8, new UmapOptions(), ct: cancelled.Token));
    }

    [Fact]
    public void Invalid_arguments_are_rejected_with_the_reason()
    {
        var data = new float[20 * 2];
        AssertRejected(new UmapOptions { Components = 0 }, "Components");
        AssertRejected(new UmapOptions { Neighbors = 1 }, "Neighbors");
        AssertRejected(new UmapOptions { Neighbors = 20 }, "less than the number of points (20)");
        AssertRejected(new UmapOptions { MinDist = -0.1 }, "MinDist");
        AssertRejected(new UmapOptions { MinDist = 2, Spread = 1 }, "exceed Spread");
        AssertRejected(new UmapOptions { Spread = 0 }, "Spread");
        AssertRejected(new UmapOptions { Epochs = -1 }, "Epochs");
        AssertRejected(new UmapOptions { LearningRate = 0 }, "LearningRate");
        AssertRejected(new UmapOptions { NegativeSampleRate = -1 }, "NegativeSampleRate");
        AssertRejected(new UmapOptions { RepulsionStrength = double.NaN }, "RepulsionStrength");
        AssertRejected(new UmapOptions { Init = (UmapInit)7 }, "Init");
        Assert.Throws<ArgumentException>(() => Umap.Fit(data, 20, 3, new UmapOptions()));
        Assert.Throws<ArgumentException>(() => Umap.Fit(data, 20, 2, new NeighbourTable(new int[19 * 15], new float[19 * 15], 19, 15), new UmapOptions()));
        var narrow = NeighbourTable.Exact(Enumerable.Range(0, 40).Select(i => (float)i).ToArray(), 20, 2, 5);
        Assert.Contains("5 neighbours per row", Assert.Throws<ArgumentException>(() => Umap.Fit(null, 20, 2, narrow, new UmapOptions())).Message);
        data[5] = float.NaN;
        Assert.Throws<ArgumentException>(() => Umap.Fit(data, 20, 2, new UmapOptions { Neighbors = 5 }));

        void AssertRejected(UmapOptions options, string reason)
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => Umap.Fit(new float[20 * 2], 20, 2, options));
            Assert.Contains(reason, error.Message);
        }
    }

    [Fact]
    public void Neighbour_tables_must_be_in_range_sorted_and_without_repeats()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NeighbourTable([0, 3, 1, 0, 2, 1], [0, 1, 0, 1, 0, 1], 3, 2));
        Assert.Contains("sorted", Assert.Throws<ArgumentException>(() => new NeighbourTable([0, 1, 1, 0, 2, 1], [1, 0, 0, 1, 0, 1], 3, 2)).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new NeighbourTable([1, 1, 1, 0, 2, 1], [0, 1, 0, 1, 0, 1], 3, 2)).Message);
    }
}
