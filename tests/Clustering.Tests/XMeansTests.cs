namespace Pipeline.Clustering.Tests;

public class XMeansTests
{
    public static TheoryData<string, int> ReferenceSeeds()
    {
        var data = new TheoryData<string, int>();
        foreach (string file in ReferenceData.ExpectedFiles("xmeans_*.expected.json"))
        {
            foreach (var run in ReferenceData.Runs(file)) data.Add(file, run.GetProperty("seed").GetInt32());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceSeeds))]
    public void XMeans_finds_the_number_of_generated_blobs_within_one(string file, int seed)
    {
        var set = ReferenceData.Points(file);
        var expected = ReferenceData.Expected(file);
        int trueK = expected.GetProperty("true_k").GetInt32();
        var truth = ReferenceData.Ints(expected.GetProperty("true_labels"));

        var result = XMeans.Fit(set.Data, set.N, set.Dim, new XMeansOptions { Seed = seed });

        Assert.InRange(result.ClusterCount, trueK - 1, trueK + 1);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(truth, result.Labels) >= 0.9);
        Assert.All(result.Probabilities, p => Assert.Equal(1f, p));
        Assert.Equal(0, result.NoiseCount);
    }

    [Fact]
    public void XMeans_gives_the_same_labels_for_the_same_seed()
    {
        var set = ReferenceData.Points("xmeans_blobs_12_in_16d.expected.json");
        var first = XMeans.Fit(set.Data, set.N, set.Dim, new XMeansOptions { Seed = 3 });
        var second = XMeans.Fit(set.Data, set.N, set.Dim, new XMeansOptions { Seed = 3 });
        Assert.Equal(first.Labels, second.Labels);
    }

    [Fact]
    public void XMeans_never_exceeds_KMax()
    {
        var set = ReferenceData.Points("xmeans_blobs_12_in_16d.expected.json");
        var result = XMeans.Fit(set.Data, set.N, set.Dim, new XMeansOptions { KMin = 2, KMax = 5, Seed = 1 });
        Assert.InRange(result.ClusterCount, 2, 5);
        Assert.Equal(result.ClusterCount, result.Labels.Max() + 1);
    }

    [Fact]
    public void XMeans_rejects_KMax_below_KMin() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => XMeans.Fit(new float[4], 2, 2, new XMeansOptions { KMin = 3, KMax = 2 }));
}
