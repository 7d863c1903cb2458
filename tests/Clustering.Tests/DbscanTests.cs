namespace Pipeline.Clustering.Tests;

public class DbscanTests
{
    public static TheoryData<string, int> DbscanRuns() => ReferenceData.RunsOf("dbscan");

    [Theory]
    [MemberData(nameof(DbscanRuns))]
    public void Dbscan_reproduces_scikit_learn_reference_runs(string file, int runIndex)
    {
        var set = ReferenceData.Points(file);
        var run = ReferenceData.Runs(file)[runIndex];
        var p = run.GetProperty("params");
        var options = new DbscanOptions { Eps = p.GetProperty("eps").GetDouble(), MinSamples = p.GetProperty("min_samples").GetInt32() };

        var result = Dbscan.Fit(set.Data, set.N, set.Dim, options);

        ReferenceData.AssertReproduces(run, result);
    }

    [Fact]
    public void Points_exactly_eps_away_are_neighbours_and_ends_of_a_chain_are_border_points()
    {
        float[] line = [0, 1, 2, 3, 10, 11, 12, 13, 50];

        var result = Dbscan.Fit(line, line.Length, 1, new DbscanOptions { Eps = 1, MinSamples = 3 });

        // 0 and 3 have only two points within 1 (themselves included): border points of the cluster 1 and 2 make.
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, -1], result.Labels);
        Assert.Equal(2, result.ClusterCount);
        Assert.Equal([1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 0f], result.Probabilities);
    }

    [Theory]
    [InlineData(new float[] { 3, 3.4f, 3.7f, 4, 2, 0, 0.3f, 0.6f, 1, 10 }, new[] { 0, 0, 0, 0, 0, 1, 1, 1, 1, -1 })]
    [InlineData(new float[] { 0, 0.3f, 0.6f, 1, 2, 3, 3.4f, 3.7f, 4, 10 }, new[] { 0, 0, 0, 0, 0, 1, 1, 1, 1, -1 })]
    public void A_border_point_between_two_clusters_joins_the_one_found_first(float[] line, int[] expected)
    {
        // The point at 2 is within 1 of the cores at 1 and 3, which are 2 apart: two clusters share it.
        var result = Dbscan.Fit(line, line.Length, 1, new DbscanOptions { Eps = 1, MinSamples = 4 });

        Assert.Equal(expected, result.Labels);
    }

    [Fact]
    public void Two_squares_are_two_clusters_numbered_in_index_order_and_a_lone_point_is_noise()
    {
        float[] points = [3, 3, 5, 5, 5, 6, 6, 5, 6, 6, 0, 0, 0, 1, 1, 0, 1, 1];

        var result = Dbscan.Fit(points, 9, 2, new DbscanOptions { Eps = 1, MinSamples = 3 });

        Assert.Equal([-1, 0, 0, 0, 0, 1, 1, 1, 1], result.Labels);
        Assert.Equal(1, result.NoiseCount);
    }

    [Fact]
    public void Automatic_eps_is_the_k_distance_knee_and_clusters_as_that_eps_would()
    {
        var (data, _) = SyntheticBlobs.Make(3000, 6, 5, seed: 4);
        var options = new DbscanOptions { MinSamples = 8 };

        var auto = Dbscan.FitDetailed(data, 3000, 6, options);
        var given = Dbscan.Fit(data, 3000, 6, options with { Eps = auto.Eps });

        Assert.Equal(KDistanceKnee.Find(data, 3000, 6, 8), auto.Eps);
        Assert.Equal(given.Labels, auto.Clustering.Labels);
        Assert.True(auto.Clustering.ClusterCount >= 1);
    }

    [Fact]
    public void Automatic_eps_separates_the_two_moons()
    {
        const string file = "moons_2d.expected.json";
        var set = ReferenceData.Points(file);
        var truth = ReferenceData.Ints(ReferenceData.Expected(file).GetProperty("true_labels"));

        var result = Dbscan.FitDetailed(set.Data, set.N, set.Dim, new DbscanOptions { MinSamples = 10 });

        Assert.InRange(result.Eps, 0.08, 0.15);
        Assert.Equal(2, result.Clustering.ClusterCount);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(truth, result.Clustering.Labels) >= 0.98);
    }

    [Fact]
    public void Dbscan_gives_identical_results_on_repeated_runs()
    {
        var (data, _) = SyntheticBlobs.Make(8000, 12, 8, seed: 9);
        var options = new DbscanOptions { MinSamples = 10 };

        var first = Dbscan.FitDetailed(data, 8000, 12, options);
        var second = Dbscan.FitDetailed(data, 8000, 12, options);

        Assert.Equal(first.Eps, second.Eps);
        Assert.Equal(first.Clustering.Labels, second.Clustering.Labels);
    }

    [Fact]
    public void Progress_runs_to_one_in_order_and_cancellation_stops_the_fit()
    {
        var (data, _) = SyntheticBlobs.Make(4000, 8, 5, seed: 4);
        var reports = new List<double>();
        Dbscan.Fit(data, 4000, 8, new DbscanOptions(), new SynchronousProgress(reports));
        SynchronousProgress.AssertRanToCompletion(reports);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Dbscan.Fit(data, 4000, 8, new DbscanOptions(), ct: cancelled.Token));
    }

    [Fact]
    public void Radius_search_returns_exactly_the_rows_within_the_radius_boundary_included()
    {
        const int n = 3000, dim = 5;
        var (data, _) = SyntheticBlobs.Make(n, dim, 4, seed: 3);
        var tree = new BallTree(data, n, dim);
        var search = new RadiusSearch(tree);
        var found = new List<int>();
        var open = new OpenRows(tree);
        for (int row = 0; row < n; row += 3) open.Close(row);
        for (int q = 0; q < n; q += 97)
        {
            // A radius equal to a real distance puts at least one row exactly on the boundary.
            int onBoundary = (q * 7 + 13) % n;
            double radius = Distances.Euclidean64(ref tree.Row(q), ref tree.Row(onBoundary), dim);
            Assert.Equal(BruteForce.Distance(tree.Points, dim, q, onBoundary), radius, 1e-12);
            var expected = Enumerable.Range(0, n).Where(r => BruteForce.Distance(tree.Points, dim, q, r) <= radius).ToArray();

            found.Clear();
            int count = search.Within(q, radius, found);

            Assert.Contains(onBoundary, found);
            Assert.Equal(expected, found.Order());
            Assert.Equal(expected.Length, count);
            Assert.Equal(Math.Min(expected.Length, 4), search.Within(q, radius, limit: 4));
            // Subtrees with no open rows may be skipped, but every open row within the radius must come back.
            found.Clear();
            search.Within(q, radius, found, open: open);
            Assert.Subset(found.ToHashSet(), expected.Where(r => r % 3 != 0).ToHashSet());
            Assert.Subset(expected.ToHashSet(), found.ToHashSet());
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(19)]
    public void Double_precision_distance_matches_a_plain_double_sum(int dim)
    {
        var (data, _) = SyntheticBlobs.Make(50, dim, 2, seed: dim);
        for (int a = 0; a < 50; a += 7)
        {
            for (int b = 0; b < 50; b += 3)
            {
                double expected = BruteForce.Distance(data, dim, a, b);
                Assert.Equal(expected, Distances.Euclidean64(ref data[a * dim], ref data[b * dim], dim), expected * 1e-14);
            }
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_with_a_reason()
    {
        float[] points = [0, 1, 2, 3];
        Assert.Contains("Eps", Assert.Throws<ArgumentOutOfRangeException>(() => Dbscan.Fit(points, 4, 1, new DbscanOptions { Eps = 0 })).Message);
        Assert.Contains("Eps", Assert.Throws<ArgumentOutOfRangeException>(() => Dbscan.Fit(points, 4, 1, new DbscanOptions { Eps = double.NaN })).Message);
        Assert.Contains("MinSamples", Assert.Throws<ArgumentOutOfRangeException>(() => Dbscan.Fit(points, 4, 1, new DbscanOptions { Eps = 1, MinSamples = 0 })).Message);
        Assert.Contains("MinSamples", Assert.Throws<ArgumentOutOfRangeException>(() => Dbscan.Fit(points, 4, 1, new DbscanOptions { MinSamples = 5 })).Message);
        Assert.Contains("Expected 3 x 1", Assert.Throws<ArgumentException>(() => Dbscan.Fit(points, 3, 1, new DbscanOptions { Eps = 1 })).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Dbscan.Fit([0, float.NaN], 2, 1, new DbscanOptions { Eps = 1 })).Message);
        Assert.Contains("at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => Dbscan.Fit([], 0, 1, new DbscanOptions { Eps = 1 })).Message);
    }
}
