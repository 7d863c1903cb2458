namespace Pipeline.Clustering.Tests;

public class KMeansClusteringTests
{
    /// <summary>
    /// One greedy k-means++ start finds all eight blobs (plain k-means++ merged two about half the time); random starts
    /// often do, so they get the best of ten.
    /// </summary>
    [Theory]
    [InlineData(KMeansInit.PlusPlus, 8, 1)]
    [InlineData(KMeansInit.PlusPlus, 8, 2)]
    [InlineData(KMeansInit.PlusPlus, 8, 3)]
    [InlineData(KMeansInit.Random, 5, 3)]
    public void Well_separated_blobs_are_recovered(KMeansInit init, int k, int seed)
    {
        var (data, truth) = SyntheticBlobs.Make(3000, 16, k, seed, noiseShare: 0);
        var result = KMeansClustering.Fit(data, 3000, 16, new KMeansOptions { K = k, Seed = seed, Init = init, NInit = init == KMeansInit.PlusPlus ? 1 : 10 });
        Assert.True(ClusteringMetrics.AdjustedRandIndex(truth, result.Clustering.Labels) >= 0.99);
        Assert.Equal(k, result.Clustering.ClusterCount);
        Assert.All(result.Clustering.Labels, label => Assert.InRange(label, 0, k - 1));
        Assert.All(result.Clustering.Probabilities, p => Assert.Equal(1f, p));
        Assert.InRange(result.Iterations, 1, 300);
    }

    [Fact]
    public void Inertia_and_centres_agree_with_the_labels()
    {
        const int n = 3000, dim = 8, k = 5;
        var (data, _) = SyntheticBlobs.Make(n, dim, k, seed: 6);
        var result = KMeansClustering.Fit(data, n, dim, new KMeansOptions { K = k, Seed = 2, Tolerance = 0 });
        var labels = result.Clustering.Labels;
        double inertia = 0;
        for (int i = 0; i < n; i++) inertia += Math.Pow(BruteForce.Distance(Append(data, dim, i, result.Centres, labels[i]), dim, 0, 1), 2);
        Assert.Equal(inertia, result.Inertia, inertia * 1e-5);
        // Tolerance 0 runs to a fixed point, where each centre is the mean of its points.
        for (int c = 0; c < k; c++)
        {
            var members = Enumerable.Range(0, n).Where(i => labels[i] == c).ToArray();
            for (int d = 0; d < dim; d++) Assert.Equal(members.Average(i => (double)data[i * dim + d]), result.Centres[c * dim + d], 1e-3);
        }
    }

    [Fact]
    public void Same_seed_gives_identical_results_whatever_the_thread_count()
    {
        const int n = 10_000, dim = 12;
        var (data, _) = SyntheticBlobs.Make(n, dim, 10, seed: 8);
        var options = new KMeansOptions { K = 10, Seed = 5, NInit = 2 };
        var first = KMeansClustering.Fit(data, n, dim, options);
        var second = KMeansClustering.Fit(data, n, dim, options);
        var single = PcaTests.OnOneThread(() => KMeansClustering.Fit(data, n, dim, options));
        foreach (var other in new[] { second, single })
        {
            Assert.Equal(first.Clustering.Labels, other.Clustering.Labels);
            Assert.Equal(first.Centres, other.Centres);
            Assert.Equal(first.Inertia, other.Inertia);
            Assert.Equal(first.Iterations, other.Iterations);
        }
    }

    [Fact]
    public void More_starts_never_end_worse()
    {
        const int n = 5000, dim = 4;
        var (data, _) = SyntheticBlobs.Make(n, dim, 15, seed: 3);
        for (int seed = 0; seed < 3; seed++)
        {
            // The first start of both runs is the same, so keeping the best of five cannot lose.
            var one = KMeansClustering.Fit(data, n, dim, new KMeansOptions { K = 15, Seed = seed });
            var five = KMeansClustering.Fit(data, n, dim, new KMeansOptions { K = 15, Seed = seed, NInit = 5 });
            Assert.True(five.Inertia <= one.Inertia);
        }
    }

    [Fact]
    public void An_empty_cluster_moves_to_the_farthest_point()
    {
        // Random starts often pick two of the four equal points; the empty twin must still end up on 15.
        float[] data = [5, 5, 5, 5, 15];
        for (int seed = 0; seed < 10; seed++)
        {
            var result = KMeansClustering.Fit(data, 5, 1, new KMeansOptions { K = 2, Seed = seed, Init = KMeansInit.Random });
            var labels = result.Clustering.Labels;
            Assert.Equal(1, labels.Count(l => l == labels[4]));
            Assert.Equal(0, result.Inertia);
        }
    }

    [Fact]
    public void One_cluster_is_the_mean()
    {
        float[] data = [1, 2, 3, 6];
        var result = KMeansClustering.Fit(data, 2, 2, new KMeansOptions { K = 1 });
        Assert.Equal([2f, 4f], result.Centres);
        Assert.Equal(2 * (1 + 4), result.Inertia, 9);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var data = new float[4 * 2];
        Assert.Throws<ArgumentOutOfRangeException>(() => KMeansClustering.Fit(data, 4, 2, new KMeansOptions { K = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => KMeansClustering.Fit(data, 4, 2, new KMeansOptions { K = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => KMeansClustering.Fit(data, 4, 2, new KMeansOptions { K = 2, NInit = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => KMeansClustering.Fit(data, 4, 2, new KMeansOptions { K = 2, Tolerance = double.NaN }));
        Assert.Throws<ArgumentException>(() => KMeansClustering.Fit(data, 3, 2, new KMeansOptions { K = 2 }));
    }

    /// <summary>Point i and centre c as a two-row matrix, for the brute-force distance.</summary>
    private static float[] Append(float[] data, int dim, int i, float[] centres, int c) =>
        [.. data.AsSpan(i * dim, dim), .. centres.AsSpan(c * dim, dim)];
}
