namespace Pipeline.Clustering.Tests;

public class NeighbourTableApproximateTests
{
    [Fact]
    public void Approximate_neighbours_leave_the_point_out_and_mostly_agree_with_the_exact_search()
    {
        const int n = 3000, dim = 16, k = 5;
        var (data, _) = SyntheticBlobs.Make(n, dim, 12, seed: 3);
        var approximate = NeighbourTable.Approximate(data, n, dim, k, seed: 1);
        var exact = NeighbourTable.Exact(data, n, dim, k + 1); // the exact search lists the point itself first

        int found = 0;
        for (int i = 0; i < n; i++)
        {
            var truth = exact.Indices.AsSpan(i * (k + 1), k + 1).ToArray().Where(j => j != i).Take(k).ToHashSet();
            var row = approximate.Indices.AsSpan(i * k, k).ToArray();
            Assert.DoesNotContain(i, row);
            found += row.Count(truth.Contains);
        }
        Assert.True(found >= 0.9 * n * k, $"recall {(double)found / (n * k):F3}");
        Assert.Equal(approximate.Indices, NeighbourTable.Approximate(data, n, dim, k, seed: 1).Indices);
    }
}
