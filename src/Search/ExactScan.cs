using System.Diagnostics;
using System.Numerics.Tensors;

namespace Pipeline.Search;

/// <summary>
/// Exact top-k by inner product over an in-memory matrix, SIMD per row (TensorPrimitives) and parallel over fixed row
/// blocks; optionally restricted to a subset of dimensions, each candidate then re-normalised over that subset.
/// </summary>
public static class ExactScan
{
    private const int Block = 4096;

    public static ScanResult Search(VectorMatrix matrix, ReadOnlySpan<float> query, int k, float minScore = float.NegativeInfinity) =>
        Search(matrix, query.ToArray(), null, k, minScore);

    /// <param name="dimensions">Sorted subset of dimensions the query is given in; null for all.</param>
    /// <param name="include">Rows that may be returned (a filter's verdict); null for every row.</param>
    public static ScanResult Search(VectorMatrix matrix, float[] query, int[]? dimensions, int k, float minScore = float.NegativeInfinity,
        bool[]? include = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int used = dimensions?.Length ?? matrix.Dimensions;
        if (query.Length != used) throw new ArgumentException($"the query has {query.Length} values for {used} dimensions", nameof(query));
        if (include is not null && include.Length != matrix.Count) throw new ArgumentException("include must have one entry per row", nameof(include));
        var started = Stopwatch.GetTimestamp();
        var blocks = new TopK[(matrix.Count + Block - 1) / Block];
        Parallel.For(0, blocks.Length, b =>
        {
            var best = new TopK(k);
            var gathered = dimensions is null ? null : new float[used];
            for (int i = b * Block; i < Math.Min(matrix.Count, (b + 1) * Block); i++)
            {
                if (include is not null && !include[i]) continue;
                float score = gathered is null ? TensorPrimitives.Dot(matrix.Row(i), query) : Restricted(matrix.Row(i), dimensions!, gathered, query);
                if (score >= minScore) best.Offer(matrix.Ids[i], score);
            }
            blocks[b] = best;
        });
        var all = new TopK(k);
        foreach (var block in blocks) block.AddTo(all);
        return new ScanResult(all.Best(), include?.Count(x => x) ?? matrix.Count, used, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static float Restricted(ReadOnlySpan<float> row, int[] dimensions, float[] gathered, float[] query)
    {
        for (int j = 0; j < dimensions.Length; j++) gathered[j] = row[dimensions[j]];
        float norm = TensorPrimitives.Norm(gathered);
        return norm == 0 ? 0 : TensorPrimitives.Dot(gathered, query) / norm;
    }
}
