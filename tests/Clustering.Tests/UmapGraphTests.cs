namespace Pipeline.Clustering.Tests;

/// <summary>The pieces of UMAP that have exact answers: curve fit, smooth kNN distances, fuzzy union, schedule.</summary>
public class UmapGraphTests
{
    /// <summary>
    /// umap-learn's find_ab_params(0.1, 1.0) gives a = 1.5769434603, b = 0.8950608779. The other pairs were computed
    /// from the same definition (300 points on [0, 3 spread], scipy-free: Nelder-Mead on the sum of squares in Python).
    /// </summary>
    [Theory]
    [InlineData(0.1, 1.0, 1.576943, 0.895061)]
    [InlineData(0.5, 1.0, 0.583030, 1.334167)]
    [InlineData(0.25, 2.0, 0.416274, 0.921855)]
    [InlineData(0.0, 1.0, 1.932809, 0.790495)]
    public void Curve_parameters_match_umap_learn(double minDist, double spread, double a, double b)
    {
        var (fitA, fitB) = UmapCurve.FindAB(minDist, spread);
        Assert.Equal(a, fitA, 1e-4);
        Assert.Equal(b, fitB, 1e-4);
    }

    [Fact]
    public void Smooth_knn_distances_hit_log2_k_with_rho_the_nearest_positive_distance()
    {
        // Self at 0, then a duplicate at 0: rho skips both zeros.
        float[] distances = [0f, 0f, 0.7f, 1.1f, 1.5f, 2.6f, 4f];
        var (sigma, rho) = FuzzyMemberships.Smooth(distances, meanAll: 1.0);
        Assert.Equal(0.7f, rho);
        double sum = distances.Skip(1).Sum(d => Math.Exp(-Math.Max(0, d - rho) / sigma));
        Assert.Equal(Math.Log2(distances.Length), sum, 1e-4);
        Assert.True(sigma > 0.1f);
    }

    [Fact]
    public void Sigma_is_floored_at_a_thousandth_of_the_mean_distance()
    {
        // Every neighbour at rho: each contributes 1, the sum can never fall to log2(k), so sigma collapses to the floor.
        float[] distances = [0f, 5f, 5f, 5f, 5f];
        var (sigma, rho) = FuzzyMemberships.Smooth(distances, meanAll: 1.0);
        Assert.Equal(5f, rho);
        Assert.Equal(1e-3 * 4, sigma, 1e-6);
        Assert.Equal(1f, FuzzyMemberships.Strength(0, 1, 5f, sigma, rho));
        Assert.Equal(0f, FuzzyMemberships.Strength(0, 0, 0f, sigma, rho));
    }

    [Fact]
    public void Fuzzy_union_of_a_hand_built_graph_is_symmetric_with_a_plus_b_minus_ab()
    {
        // k = 3 with the point itself first: the nearest other gets membership 1 and the second x with 1 + x = log2 3.
        int[] indices = [0, 1, 2, /**/ 1, 0, 3, /**/ 2, 3, 0, /**/ 3, 2, 0];
        float[] distances = [0, 1f, 2f, /**/ 0, 1f, 3f, /**/ 0, 0.5f, 2f, /**/ 0, 0.5f, 4f];
        var graph = FuzzyGraph.Build(new NeighbourTable(indices, distances, 4, 3), 3, new ParallelOptions());

        double x = Math.Log2(3) - 1, both = 2 * x - x * x;
        var expected = new Dictionary<(int, int), double>
        {
            [(0, 1)] = 1, [(0, 2)] = both, [(0, 3)] = x,
            [(1, 0)] = 1, [(1, 3)] = x,
            [(2, 0)] = both, [(2, 3)] = 1,
            [(3, 0)] = x, [(3, 1)] = x, [(3, 2)] = 1,
        };
        Assert.Equal(expected.Count, graph.EdgeCount);
        for (int v = 0; v < 4; v++)
        {
            for (int e = graph.RowStart[v]; e < graph.RowStart[v + 1]; e++)
            {
                Assert.Equal(expected[(v, graph.Columns[e])], graph.Weights[e], 1e-4);
                if (e > graph.RowStart[v]) Assert.True(graph.Columns[e] > graph.Columns[e - 1]);
            }
        }
    }

    [Fact]
    public void Pruning_drops_edges_sampled_less_than_once()
    {
        var graph = new FuzzyGraph([0, 2, 3, 4], [1, 2, 0, 0], [1f, 0.004f, 1f, 0.004f]);
        var pruned = graph.Pruned(200);
        Assert.Equal([0, 1, 2, 2], pruned.RowStart);
        Assert.Equal([1, 0], pruned.Columns);
        Assert.Equal(4, graph.Pruned(300).EdgeCount);
    }

    [Fact]
    public void Closed_form_schedule_matches_umap_learns_running_sums()
    {
        // umap-learn's loop, in double as it runs it; e = 1 and 2 are the common exact cases.
        var random = new Random(3);
        var perSample = new[] { 1.0, 2.0, 3.0, 200.0 }.Concat(Enumerable.Range(0, 500).Select(_ => 1 / (0.005 + 0.995 * random.NextDouble())));
        int mismatches = 0, checks = 0;
        foreach (double e in perSample)
        {
            double next = e, negativeEvery = e / 5, nextNegative = negativeEvery;
            for (int epoch = 0; epoch < 500; epoch++)
            {
                int expected = -1;
                if (next <= epoch)
                {
                    next += e;
                    expected = (int)((epoch - nextNegative) / negativeEvery);
                    nextNegative += expected * negativeEvery;
                }
                checks++;
                if (SampleSchedule.Negatives(epoch, e, 5) != expected) mismatches++;
            }
        }
        // Epoch by epoch, the same edges sampled and the same number of negative samples drawn.
        Assert.True(mismatches == 0, $"{mismatches} of {checks}");
    }
}
