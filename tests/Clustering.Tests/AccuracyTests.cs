namespace Pipeline.Clustering.Tests;

public class AccuracyTests
{
    [Fact]
    public void Hand_computed_partition()
    {
        int[] truth = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
        int[] pred = [1, 1, 0, 0, 0, 0, 2, 2, 2, 3];
        // Classes to clusters 0 -> 1 (2 points), 1 -> 0 (3), 2 -> 2 (3); cluster 3 stays unmatched.
        Assert.Equal(0.8, ClusteringMetrics.ClusteringAccuracy(truth, pred), 12);
    }

    [Fact]
    public void The_best_one_to_one_matching_is_not_the_greedy_one()
    {
        // Class 0: 10 in A, 9 in B; class 1: 9 in A, 1 in B. Greedy would take A for class 0: 11 of 29.
        var truth = Repeat(0, 19).Concat(Repeat(1, 10)).ToArray();
        var pred = Repeat(0, 10).Concat(Repeat(1, 9)).Concat(Repeat(0, 9)).Concat(Repeat(1, 1)).ToArray();
        Assert.Equal(18.0 / 29, ClusteringMetrics.ClusteringAccuracy(truth, pred), 12);
    }

    [Fact]
    public void Renamed_labels_score_one_and_extra_or_missing_clusters_cost_their_points()
    {
        Assert.Equal(1.0, ClusteringMetrics.ClusteringAccuracy([0, 0, 1, 1, 2], [7, 7, -1, -1, 3]), 12);
        Assert.Equal(0.5, ClusteringMetrics.ClusteringAccuracy([0, 0, 1, 1], [0, 1, 2, 3]), 12);
        Assert.Equal(0.5, ClusteringMetrics.ClusteringAccuracy([0, 0, 1, 1], [4, 4, 4, 4]), 12);
        Assert.Equal(1.0, ClusteringMetrics.ClusteringAccuracy([], []), 12);
    }

    [Fact]
    public void Random_labelings_match_brute_force_over_all_matchings()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 30), classes = random.Next(1, 5), clusters = random.Next(1, 7);
            var truth = Enumerable.Range(0, n).Select(_ => random.Next(classes)).ToArray();
            var pred = Enumerable.Range(0, n).Select(_ => random.Next(clusters) - 1).ToArray();
            Assert.Equal(BruteForceAccuracy(truth, pred), ClusteringMetrics.ClusteringAccuracy(truth, pred), 12);
        }
    }

    [Fact]
    public void Noise_conventions_rewrite_only_the_predicted_noise()
    {
        int[] truth = [0, 0, 0, 1, 1, -1];
        int[] pred = [0, 0, -1, 1, -1, -1];
        Assert.Same(pred, ClusteringMetrics.ApplyNoiseHandling(truth, pred, NoiseHandling.OneCluster).Pred);
        var singletons = ClusteringMetrics.ApplyNoiseHandling(truth, pred, NoiseHandling.Singletons);
        Assert.Equal([0, 0, 2, 1, 3, 4], singletons.Pred);
        Assert.Equal(truth, singletons.Truth);
        var excluded = ClusteringMetrics.ApplyNoiseHandling(truth, pred, NoiseHandling.Exclude);
        Assert.Equal([0, 0, 1], excluded.Truth);
        Assert.Equal([0, 0, 1], excluded.Pred);
    }

    [Fact]
    public void Evaluate_scores_hand_cases_under_each_convention()
    {
        int[] truth = [0, 0, 0, 1, 1, 1];
        int[] pred = [0, 0, -1, 1, -1, -1];
        // Noise as one cluster: class 0 -> cluster 0 (2), class 1 -> noise (2).
        var one = ClusteringMetrics.Evaluate(truth, pred);
        Assert.Equal(NoiseHandling.OneCluster, one.Noise);
        Assert.Equal(6, one.N);
        Assert.Equal(4.0 / 6, one.Accuracy, 12);
        // Pairs together in both 2, expected 6 * 4 / 15, maximum (6 + 4) / 2.
        Assert.Equal(0.4 / 3.4, one.Ari, 12);
        // Singletons: noise matches at most one point per class, so class 1 gets 1.
        var singletons = ClusteringMetrics.Evaluate(truth, pred, NoiseHandling.Singletons);
        Assert.Equal(3.0 / 6, singletons.Accuracy, 12);
        Assert.Equal(6, singletons.N);
        // Pairs together in both 1, expected 6 * 1 / 15, maximum (6 + 1) / 2.
        Assert.Equal(0.6 / 3.1, singletons.Ari, 12);
        // Excluded: the three clustered points are all right.
        var excluded = ClusteringMetrics.Evaluate(truth, pred, NoiseHandling.Exclude);
        Assert.Equal(new ClusteringScores(1, 1, 1, 1, 3, NoiseHandling.Exclude), excluded);
    }

    [Fact]
    public void Evaluate_gives_the_same_numbers_as_the_single_metrics()
    {
        int[] truth = [0, 0, 1, 1, 2, 2, 2, -1, 3, 3];
        int[] pred = [1, 1, 1, 0, 0, 2, 2, -1, -1, 2];
        var scores = ClusteringMetrics.Evaluate(truth, pred);
        Assert.Equal(ClusteringMetrics.AdjustedMutualInformation(truth, pred), scores.Ami, 15);
        Assert.Equal(ClusteringMetrics.NormalizedMutualInformation(truth, pred), scores.Nmi, 15);
        Assert.Equal(ClusteringMetrics.AdjustedRandIndex(truth, pred), scores.Ari, 15);
        Assert.Equal(ClusteringMetrics.ClusteringAccuracy(truth, pred), scores.Accuracy, 15);
        Assert.NotEqual(scores.Ami, scores.Nmi);
    }

    [Fact]
    public void Many_singleton_noise_points_stay_cheap()
    {
        // 500 classes and 100,000 singletons: a dense table would hold 50 million cells. Odd rows keep their class
        // as cluster, so only the 250 odd classes have one.
        var truth = Enumerable.Range(0, 200_000).Select(i => i % 500).ToArray();
        var pred = truth.Select((label, i) => i % 2 == 0 ? -1 : label).ToArray();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var scores = ClusteringMetrics.ApplyNoiseHandling(truth, pred, NoiseHandling.Singletons);
        double accuracy = ClusteringMetrics.ClusteringAccuracy(scores.Truth, scores.Pred);
        // Each odd class matches its cluster of 400 points; each even class only one of its singletons.
        Assert.Equal((250 * 400 + 250) / 200_000.0, accuracy, 12);
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, 0, 5);
    }

    private static IEnumerable<int> Repeat(int label, int count) => Enumerable.Repeat(label, count);

    /// <summary>The most points any injective map of clusters to classes gets right, by trying every map.</summary>
    private static double BruteForceAccuracy(int[] truth, int[] pred)
    {
        var classes = truth.Distinct().ToArray();
        var clusters = pred.Distinct().ToArray();
        int best = 0;
        void Search(int c, HashSet<int> used, Dictionary<int, int> map)
        {
            if (c == clusters.Length)
            {
                best = Math.Max(best, truth.Where((t, i) => map.TryGetValue(pred[i], out int m) && m == t).Count());
                return;
            }
            Search(c + 1, used, map);
            foreach (int cls in classes)
            {
                if (!used.Add(cls)) continue;
                map[clusters[c]] = cls;
                Search(c + 1, used, map);
                map.Remove(clusters[c]);
                used.Remove(cls);
            }
        }
        Search(0, [], []);
        return (double)best / truth.Length;
    }
}
