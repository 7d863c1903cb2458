using System.Numerics.Tensors;

namespace Pipeline.Search.Tests;

public class MultiImageQueryTests
{
    private const int Dim = 512, Shared = 64;

    /// <summary>
    /// Four query images agree on 64 dimensions (what they have in common) and differ elsewhere. Ten planted targets
    /// share those 64 values and nothing else; distractors copy the queries' mean everywhere else. With every
    /// dimension the distractors win; with the 64 most consistent dimensions the targets do.
    /// </summary>
    [Fact]
    public void Cv_selection_ranks_the_planted_targets_first_and_all_dimensions_do_not()
    {
        var random = new Random(5);
        float Noise() => (float)(random.NextDouble() * 2 - 1);
        var common = Enumerable.Range(0, Shared).Select(_ => 0.2f + 0.2f * (float)random.NextDouble()).ToArray();
        var queries = Enumerable.Range(0, 4).Select(_ => Unit(Enumerable.Range(0, Dim).Select(j => j < Shared ? common[j] : Noise()).ToArray())).ToList();
        var elsewhere = Enumerable.Range(0, Dim).Select(j => j < Shared ? 0 : queries.Average(q => q[j])).ToArray();

        var rows = new List<float[]>();
        for (int t = 0; t < 10; t++) rows.Add(Unit(Enumerable.Range(0, Dim).Select(j => j < Shared ? common[j] * (1 + Noise() * 0.05f) : Noise()).ToArray()));
        for (int d = 0; d < 50; d++) rows.Add(Unit(Enumerable.Range(0, Dim).Select(j => j < Shared ? Noise() : elsewhere[j] * 4 + Noise() * 0.1f).ToArray()));
        for (int r = 0; r < 2000; r++) rows.Add(Unit(Enumerable.Range(0, Dim).Select(_ => Noise()).ToArray()));
        var matrix = new VectorMatrix(Enumerable.Range(0, rows.Count).Select(i => (long)i).ToArray(), rows.SelectMany(r => r).ToArray(), Dim);

        var cv = MultiImageQuery.Build(queries, MultiImageMode.Cv, Shared);
        var mean = MultiImageQuery.Build(queries, MultiImageMode.Mean);

        Assert.Equal(Enumerable.Range(0, Shared), cv.Dimensions!);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), cv.Search(matrix, 10).Hits.Select(h => h.Id).Order());
        Assert.DoesNotContain(mean.Search(matrix, 10).Hits, h => h.Id < 10);
        Assert.Equal(Shared, cv.Search(matrix, 10).DimensionsUsed);
    }

    [Fact]
    public void The_query_is_the_mean_restricted_and_renormalised()
    {
        float[][] queries = [[1, 2, 0, 4], [1, 4, 0, -4]];
        var q = MultiImageQuery.Build(queries, MultiImageMode.Cv, 2);
        // mean (1, 3, 0, 0); CV = (0, 1/3, inf, inf): dimensions 0 and 1, vector (1, 3)/sqrt(10).
        Assert.Equal([0, 1], q.Dimensions!);
        Assert.Equal(1 / MathF.Sqrt(10), q.Vector[0], 6);
        Assert.Equal(3 / MathF.Sqrt(10), q.Vector[1], 6);
        Assert.Null(MultiImageQuery.Build(queries, MultiImageMode.Mean).Dimensions);
    }

    [Fact]
    public void Bad_queries_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MultiImageQuery.Build([]));
        Assert.Throws<ArgumentException>(() => MultiImageQuery.Build([[1f, 0f], [1f]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MultiImageQuery.Build([[1f, 0f]], MultiImageMode.Cv, 3));
    }

    private static float[] Unit(float[] v)
    {
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }
}
