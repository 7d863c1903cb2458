namespace Pipeline.Clustering.Tests;

public class MetricsTests
{
    [Fact]
    public void Identical_partitions_score_one_whatever_the_label_values()
    {
        int[] truth = [0, 0, 1, 1, 2, 2, -1];
        int[] renamed = [5, 5, -1, -1, 9, 9, 3];
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(truth, renamed), 12);
        Assert.Equal(1.0, ClusteringMetrics.AdjustedMutualInformation(truth, renamed), 12);
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation(truth, renamed), 12);
    }

    [Fact]
    public void Hand_computed_small_case()
    {
        int[] truth = [0, 0, 1, 1];
        int[] pred = [0, 0, 1, 2];
        // Pairs: 1 agreeing, expected 2 * 1 / 6, maximum (2 + 1) / 2, so ARI = (1 - 1/3) / (3/2 - 1/3) = 4/7.
        Assert.Equal(4.0 / 7.0, ClusteringMetrics.AdjustedRandIndex(truth, pred), 12);
        // pred refines truth: MI = H(truth) = ln 2, H(pred) = 1.5 ln 2, so NMI = ln 2 / (1.25 ln 2) = 0.8.
        Assert.Equal(0.8, ClusteringMetrics.NormalizedMutualInformation(truth, pred), 12);
    }

    [Fact]
    public void Noise_label_counts_as_a_cluster_of_its_own()
    {
        int[] truth = [0, 0, 0, 1, 1, 1];
        int[] pred = [0, 0, -1, 1, 1, -1];
        Assert.True(ClusteringMetrics.AdjustedRandIndex(truth, pred) < 1.0);
        Assert.Equal(ClusteringMetrics.AdjustedRandIndex(truth, [0, 0, 7, 1, 1, 7]), ClusteringMetrics.AdjustedRandIndex(truth, pred), 12);
    }

    [Fact]
    public void Degenerate_labelings_follow_scikit_learn_conventions()
    {
        int[] one = [3, 3, 3, 3];
        int[] singletons = [0, 1, 2, 3];
        Assert.Equal(1.0, ClusteringMetrics.AdjustedMutualInformation(one, one));
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation(one, one));
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(one, one));
        Assert.Equal(0.0, ClusteringMetrics.AdjustedRandIndex(one, singletons), 12);
        Assert.Equal(0.0, ClusteringMetrics.AdjustedMutualInformation(one, singletons), 12);
        Assert.Equal(0.0, ClusteringMetrics.NormalizedMutualInformation(one, singletons), 12);
    }

    public static TheoryData<int[], int[]> SmallLabelings() => new()
    {
        { [0, 0, 0, 1, 1, 2, 2, 2], [1, 1, 0, 0, 2, 2, 2, 2] },
        { [0, 1, 0, 1, 0, 1, 2], [0, 0, 1, 1, 2, 2, 2] },
        { [0, 0, 1, 1, 1, 1, -1, -1], [0, 1, 0, 1, 0, 1, 0, 1] },
    };

    /// <summary>The expected mutual information, checked against its definition: the mean MI over every permutation.</summary>
    [Theory]
    [MemberData(nameof(SmallLabelings))]
    public void Adjusted_mutual_information_matches_the_permutation_average(int[] truth, int[] pred)
    {
        double mi = MutualInformation(truth, pred), sum = 0;
        long count = 0;
        foreach (var permuted in Permutations(pred, 0))
        {
            sum += MutualInformation(truth, permuted);
            count++;
        }
        double expected = sum / count;
        double mean = (Entropy(truth) + Entropy(pred)) / 2;
        Assert.Equal((mi - expected) / (mean - expected), ClusteringMetrics.AdjustedMutualInformation(truth, pred), 9);
        Assert.Equal(mi / mean, ClusteringMetrics.NormalizedMutualInformation(truth, pred), 9);
    }

    [Fact]
    public void Metrics_are_symmetric()
    {
        int[] a = [0, 0, 1, 1, 2, 2, 2, -1, -1];
        int[] b = [1, 1, 1, 0, 0, 2, 2, 2, -1];
        Assert.Equal(ClusteringMetrics.AdjustedRandIndex(a, b), ClusteringMetrics.AdjustedRandIndex(b, a), 12);
        Assert.Equal(ClusteringMetrics.AdjustedMutualInformation(a, b), ClusteringMetrics.AdjustedMutualInformation(b, a), 12);
        Assert.Equal(ClusteringMetrics.NormalizedMutualInformation(a, b), ClusteringMetrics.NormalizedMutualInformation(b, a), 12);
    }

    public static TheoryData<string, int> ScoredRuns()
    {
        var runs = new TheoryData<string, int>();
        foreach (string file in ReferenceData.ExpectedFiles())
        {
            var all = ReferenceData.Runs(file);
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].TryGetProperty("labels", out _) && all[i].TryGetProperty("ami_vs_truth", out _)) runs.Add(file, i);
            }
        }
        return runs;
    }

    [Theory]
    [MemberData(nameof(ScoredRuns))]
    public void Metrics_match_scikit_learn_on_reference_runs(string file, int runIndex)
    {
        var truth = ReferenceData.Ints(ReferenceData.Expected(file).GetProperty("true_labels"));
        var run = ReferenceData.Runs(file)[runIndex];
        var labels = ReferenceData.Ints(run.GetProperty("labels"));
        Assert.Equal(run.GetProperty("ari_vs_truth").GetDouble(), ClusteringMetrics.AdjustedRandIndex(truth, labels), 1e-3);
        Assert.Equal(run.GetProperty("ami_vs_truth").GetDouble(), ClusteringMetrics.AdjustedMutualInformation(truth, labels), 1e-3);
        Assert.Equal(run.GetProperty("nmi_vs_truth").GetDouble(), ClusteringMetrics.NormalizedMutualInformation(truth, labels), 1e-3);
    }

    private static double Entropy(int[] labels) =>
        -labels.GroupBy(l => l).Sum(g => (double)g.Count() / labels.Length * Math.Log((double)g.Count() / labels.Length));

    private static double MutualInformation(int[] a, int[] b)
    {
        double n = a.Length, mi = 0;
        foreach (var cell in a.Zip(b).GroupBy(p => p))
        {
            double joint = cell.Count() / n, pa = a.Count(x => x == cell.Key.First) / n, pb = b.Count(x => x == cell.Key.Second) / n;
            mi += joint * Math.Log(joint / (pa * pb));
        }
        return mi;
    }

    private static IEnumerable<int[]> Permutations(int[] items, int from)
    {
        if (from == items.Length)
        {
            yield return items;
            yield break;
        }
        for (int i = from; i < items.Length; i++)
        {
            (items[from], items[i]) = (items[i], items[from]);
            foreach (var p in Permutations(items, from + 1)) yield return p;
            (items[from], items[i]) = (items[i], items[from]);
        }
    }
}
