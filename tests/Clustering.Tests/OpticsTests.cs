namespace Pipeline.Clustering.Tests;

public class OpticsTests
{
    public static TheoryData<string, int> OpticsRuns() => ReferenceData.RunsOf("optics");

    [Theory]
    [MemberData(nameof(OpticsRuns))]
    public void Optics_reproduces_scikit_learn_reference_runs(string file, int runIndex)
    {
        var set = ReferenceData.Points(file);
        var run = ReferenceData.Runs(file)[runIndex];
        var p = run.GetProperty("params");
        var options = new OpticsOptions { MinSamples = p.GetProperty("min_samples").GetInt32(), Xi = p.GetProperty("xi").GetDouble() };

        var result = Optics.Fit(set.Data, set.N, set.Dim, options).Clustering;

        ReferenceData.AssertReproduces(run, result);
    }

    [Fact]
    public void The_scikit_learn_docstring_example_has_the_ordering_and_reachabilities_worked_out_by_hand()
    {
        float[] points = [1, 2, 2, 5, 3, 6, 8, 7, 8, 8, 7, 3];

        var result = Optics.Fit(points, 6, 2, new OpticsOptions { MinSamples = 2 });

        Assert.Equal([0, 0, 0, 1, 1, 1], result.Clustering.Labels);
        Assert.Equal([0, 1, 2, 5, 3, 4], result.Ordering);
        AssertClose([double.PositiveInfinity, Math.Sqrt(10), Math.Sqrt(2), Math.Sqrt(17), 1, 5], result.Reachability);
        AssertClose([Math.Sqrt(10), Math.Sqrt(2), Math.Sqrt(2), 1, 1, Math.Sqrt(17)], result.CoreDistances);
        Assert.Equal([-1, 0, 1, 5, 3, 2], result.Predecessor);
    }

    [Fact]
    public void The_next_point_is_the_closest_of_all_unprocessed_points_not_only_of_the_last_neighbourhood()
    {
        // scikit-learn's test_processing_order.
        float[] line = [0, 10, -10, 25];

        var result = Optics.Fit(line, 4, 1, new OpticsOptions { MinSamples = 3, MaxEps = 15 });

        Assert.Equal([0, 1, 2, 3], result.Ordering);
        Assert.Equal([double.PositiveInfinity, 10, 10, 15], result.Reachability);
        Assert.Equal([10, 15, double.PositiveInfinity, double.PositiveInfinity], result.CoreDistances);
    }

    [Theory]
    [InlineData(3, 7.0, new[] { 0, 0, 0, 1, 1, 1, 2, 2, 2 })]
    [InlineData(3, 3.0, new[] { 0, 0, 0, 1, 1, 1, -1, -1, -1 })]
    [InlineData(4, 3.0, new[] { -1, -1, -1, -1, -1, -1, -1, -1, -1 })]
    public void Max_eps_cuts_off_sparse_groups_as_in_scikit_learn(int minSamples, double maxEps, int[] expected)
    {
        // scikit-learn's test_min_samples_edge_case.
        float[] points = [0, 0, 0, 0.1f, 0, -0.1f, 10, 10, 10, 9, 10, 11, 100, 100, 100, 96, 100, 106];

        var result = Optics.Fit(points, 9, 2, new OpticsOptions { MinSamples = minSamples, MaxEps = maxEps, Xi = 0.04 });

        Assert.Equal(expected, result.Clustering.Labels);
    }

    [Fact]
    public void Three_groups_of_very_different_scales_are_three_clusters()
    {
        // The last case of scikit-learn's test_extract_xi, unshuffled.
        float[] points = [0, 0, 0, 0.1f, 0, -0.1f, 0.1f, 0, 10, 10, 10, 9, 10, 11, 9, 10, 100, 100, 100, 90, 100, 110, 90, 100];

        var result = Optics.Fit(points, 12, 2, new OpticsOptions { MinSamples = 2, MinClusterSize = 2, Xi = 0.04 });

        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], result.Clustering.Labels);
    }

    [Theory]
    [InlineData(new[] { 10, 8.9, 8.8, 8.7, 7, 10 }, 3)]
    [InlineData(new[] { 10, 8.9, 8.8, 8.7, 8.6, 7, 10 }, 0)]
    [InlineData(new[] { 10, 8.9, 8.8, 8.7, 7, 6, double.PositiveInfinity }, 4)]
    public void A_steep_down_area_extends_as_in_scikit_learn(double[] plot, int end)
    {
        var ratio = plot.Zip(plot.Skip(1), (a, b) => a / b).ToArray();
        Assert.Equal(end, OpticsXi.ExtendRegion(ratio.Select(q => q >= 1 / 0.9).ToArray(), ratio.Select(q => q < 1).ToArray(), 0, 2));
    }

    [Theory]
    [InlineData(new[] { 1, 2, 2.1, 2.2, 4, 8, 8, double.PositiveInfinity }, 6)]
    [InlineData(new[] { 1, 2, 2.1, 2.2, 2.3, 4, 8, 8, double.PositiveInfinity }, 0)]
    [InlineData(new[] { 1, 2, 2.1, 2, double.PositiveInfinity }, 0)]
    [InlineData(new[] { 1, 2, 2.1, double.PositiveInfinity }, 2)]
    public void A_steep_up_area_extends_as_in_scikit_learn(double[] plot, int end)
    {
        var ratio = plot.Zip(plot.Skip(1), (a, b) => a / b).ToArray();
        Assert.Equal(end, OpticsXi.ExtendRegion(ratio.Select(q => q <= 0.9).ToArray(), ratio.Select(q => q > 1).ToArray(), 0, 2));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 0, 1, 2, 3 }, new[] { 0, 0, 1, 1 })]
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 0, 1, 3, 3 }, new[] { 0, 0, -1, 1 })]
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 0, 1, 3, 3, 0, 3 }, new[] { 0, 0, -1, 1 })]
    [InlineData(new[] { 3, 1, 2, 0 }, new[] { 0, 1, 3, 3, 0, 3 }, new[] { 1, 0, -1, 0 })]
    public void Leaf_clusters_are_labelled_smallest_first_as_in_scikit_learn(int[] ordering, int[] flatClusters, int[] expected)
    {
        var clusters = flatClusters.Chunk(2).Select(c => (c[0], c[1])).ToArray();
        Assert.Equal(expected, OpticsXi.Labels(ordering, clusters));
    }

    [Fact]
    public void Ordering_matches_a_plain_serial_loop_and_does_not_depend_on_the_parallel_slicing()
    {
        const int n = 700, dim = 3;
        var (data, _) = SyntheticBlobs.Make(n, dim, 4, seed: 6);
        var core = BruteForce.CoreDistances(data, n, dim, 6).Select(c => Math.Round(c, 15)).ToArray();
        var (ordering, reachability) = SerialOptics(data, n, dim, core);

        var serial = Optics.Fit(data, n, dim, new OpticsOptions { MinSamples = 6 });
        var sliced = OpticsOrdering.Compute(data, n, dim, serial.CoreDistances, double.PositiveInfinity, new ParallelOptions(), new StageProgress(null, 0, 1), sliceSize: 37);

        AssertClose(core, serial.CoreDistances);
        Assert.Equal(ordering, serial.Ordering);
        Assert.Equal(reachability, serial.Reachability);
        Assert.Equal(serial.Ordering, sliced.Ordering);
        Assert.Equal(serial.Reachability, sliced.Reachability);
        Assert.Equal(serial.Predecessor, sliced.Predecessor);
    }

    [Fact]
    public void Optics_gives_identical_results_on_repeated_runs()
    {
        var (data, _) = SyntheticBlobs.Make(2000, 8, 6, seed: 8);
        var options = new OpticsOptions { MinSamples = 10, Xi = 0.1 };

        var first = Optics.Fit(data, 2000, 8, options);
        var second = Optics.Fit(data, 2000, 8, options);

        Assert.Equal(first.Clustering.Labels, second.Clustering.Labels);
        Assert.Equal(first.Ordering, second.Ordering);
        Assert.Equal(first.Reachability, second.Reachability);
    }

    [Fact]
    public void Progress_runs_to_one_in_order_and_cancellation_stops_the_fit()
    {
        var (data, _) = SyntheticBlobs.Make(1500, 4, 3, seed: 4);
        var reports = new List<double>();
        Optics.Fit(data, 1500, 4, new OpticsOptions(), new SynchronousProgress(reports));
        SynchronousProgress.AssertRanToCompletion(reports);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Optics.Fit(data, 1500, 4, new OpticsOptions(), ct: cancelled.Token));
    }

    [Fact]
    public void Bad_arguments_are_refused_with_a_reason()
    {
        float[] points = [0, 1, 2, 3];
        Assert.Contains("MinSamples", Assert.Throws<ArgumentOutOfRangeException>(() => Optics.Fit(points, 4, 1, new OpticsOptions { MinSamples = 1 })).Message);
        Assert.Contains("MinSamples", Assert.Throws<ArgumentOutOfRangeException>(() => Optics.Fit(points, 4, 1, new OpticsOptions { MinSamples = 5 })).Message);
        Assert.Contains("MinClusterSize", Assert.Throws<ArgumentOutOfRangeException>(() => Optics.Fit(points, 4, 1, new OpticsOptions { MinSamples = 2, MinClusterSize = 1 })).Message);
        Assert.Contains("Xi", Assert.Throws<ArgumentOutOfRangeException>(() => Optics.Fit(points, 4, 1, new OpticsOptions { MinSamples = 2, Xi = 1 })).Message);
        Assert.Contains("MaxEps", Assert.Throws<ArgumentOutOfRangeException>(() => Optics.Fit(points, 4, 1, new OpticsOptions { MinSamples = 2, MaxEps = -1 })).Message);
        Assert.Contains("Expected 4 x 2", Assert.Throws<ArgumentException>(() => Optics.Fit(points, 4, 2, new OpticsOptions { MinSamples = 2 })).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentOutOfRangeException>(() => Optics.Fit([0], 1, 1, new OpticsOptions { MinSamples = 2 })).Message);
    }

    /// <summary>scikit-learn's compute_optics_graph loop, written plainly over all points.</summary>
    private static (int[] Ordering, double[] Reachability) SerialOptics(float[] data, int n, int dim, double[] core)
    {
        var reachability = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var processed = new bool[n];
        var ordering = new int[n];
        for (int step = 0; step < n; step++)
        {
            int point = Enumerable.Range(0, n).Where(i => !processed[i]).MinBy(i => reachability[i]);
            processed[point] = true;
            ordering[step] = point;
            if (double.IsPositiveInfinity(core[point])) continue;
            for (int j = 0; j < n; j++)
            {
                if (processed[j]) continue;
                double reach = Math.Round(Math.Max(BruteForce.Distance(data, dim, point, j), core[point]), 15);
                if (reach < reachability[j]) reachability[j] = reach;
            }
        }
        return (ordering, reachability);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsPositiveInfinity(expected[i])) Assert.Equal(expected[i], actual[i]);
            else Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }
}
