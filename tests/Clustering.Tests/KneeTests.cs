namespace Pipeline.Clustering.Tests;

public class KneeTests
{
    [Theory]
    [InlineData(new double[] { 0, 1, 2, 3, 4, 5, 6, 16, 26, 36 }, 6)]
    [InlineData(new double[] { 1, 1, 1, 1, 1, 2, 4, 8, 16, 32 }, 6)]
    [InlineData(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 100 }, 8)]
    [InlineData(new double[] { 2, 2, 3, 3, 3, 3 }, 1)]
    [InlineData(new double[] { 0, 0, 1, 3, 4 }, 1)] // 1 and 2 lie equally far below the chord: the first wins
    public void The_knee_is_the_point_farthest_below_the_chord(double[] curve, int knee)
    {
        Assert.Equal(knee, KDistanceKnee.Index(curve));
    }

    [Theory]
    [InlineData(new double[] { 4 })]
    [InlineData(new double[] { 4, 4, 4 })]
    public void A_single_point_or_a_flat_curve_has_its_knee_at_the_start(double[] curve)
    {
        Assert.Equal(0, KDistanceKnee.Index(curve));
    }

    [Fact]
    public void Eps_is_the_k_distance_where_the_grid_ends_and_the_outliers_begin()
    {
        // k = 2 (the point itself and its nearest neighbour): 1 on the grid, then 81, 200 and 300 for the outliers.
        float[] line = [.. Enumerable.Range(0, 20).Select(i => (float)i), 100, 300, 600];

        double eps = KDistanceKnee.Find(line, line.Length, 1, minSamples: 2);
        var result = Dbscan.FitDetailed(line, line.Length, 1, new DbscanOptions { MinSamples = 2 });

        Assert.Equal(1.0, eps);
        Assert.Equal(1.0, result.Eps);
        Assert.Equal(1, result.Clustering.ClusterCount);
        Assert.Equal(3, result.Clustering.NoiseCount);
    }

    [Fact]
    public void Curves_that_are_not_ascending_and_finite_are_refused()
    {
        Assert.Contains("ascending", Assert.Throws<ArgumentException>(() => KDistanceKnee.Index([1, 3, 2])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => KDistanceKnee.Index([1, double.NaN])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => KDistanceKnee.Index([])).Message);
        Assert.Contains("MinSamples", Assert.Throws<ArgumentOutOfRangeException>(() => KDistanceKnee.Find([0, 1], 2, 1, 3)).Message);
    }
}
