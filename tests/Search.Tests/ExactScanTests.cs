using System.Numerics.Tensors;

namespace Pipeline.Search.Tests;

public class ExactScanTests
{
    internal static VectorMatrix RandomUnitVectors(int n, int dim, int seed)
    {
        var random = new Random(seed);
        var data = new float[n * dim];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < n; i++)
        {
            var row = data.AsSpan(i * dim, dim);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        return new VectorMatrix(Enumerable.Range(0, n).Select(i => 1000L + i).ToArray(), data, dim);
    }

    [Fact]
    public void The_top_k_are_the_k_largest_inner_products_in_order()
    {
        var m = RandomUnitVectors(10_000, 64, seed: 1);
        var query = m.Row(42).ToArray();

        var result = ExactScan.Search(m, query, 10);

        var expected = Enumerable.Range(0, m.Count).Select(i => new Hit(m.Ids[i], TensorPrimitives.Dot(m.Row(i), query)))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Id).Take(10).ToList();
        Assert.Equal(expected, result.Hits);
        Assert.Equal(1042, result.Hits[0].Id);
        Assert.Equal((10_000, 64), (result.Scanned, result.DimensionsUsed));
    }

    [Fact]
    public void A_threshold_cuts_weak_hits_and_k_beyond_n_returns_all()
    {
        var m = new VectorMatrix([1, 2, 3], [1, 0, 0.6f, 0.8f, 0, 1], 2);
        Assert.Equal([1L, 2L], ExactScan.Search(m, [1f, 0f], 10, minScore: 0.5f).Hits.Select(h => h.Id));
        Assert.Equal(3, ExactScan.Search(m, [1f, 0f], 10).Hits.Count);
    }

    [Fact]
    public void Rows_left_out_by_a_filter_are_never_returned()
    {
        var m = new VectorMatrix([1, 2, 3], [1, 0, 0.6f, 0.8f, 0, 1], 2);
        var result = ExactScan.Search(m, [1f, 0f], null, 3, include: [false, true, true]);
        Assert.Equal([2L, 3L], result.Hits.Select(h => h.Id));
        Assert.Equal(2, result.Scanned);
    }

    [Fact]
    public void Equal_scores_are_ordered_by_id_whatever_the_row_order()
    {
        var m = new VectorMatrix([9, 4, 7], [1, 0, 1, 0, 1, 0], 2);
        Assert.Equal([4L, 7L], ExactScan.Search(m, [1f, 0f], 2).Hits.Select(h => h.Id));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var m = new VectorMatrix([1], [1, 0], 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactScan.Search(m, [1f, 0f], 0));
        Assert.Contains("3 values for 2 dimensions", Assert.Throws<ArgumentException>(() => ExactScan.Search(m, [1f, 0f, 0f], 1)).Message);
    }
}
