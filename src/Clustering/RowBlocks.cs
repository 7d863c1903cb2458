namespace Pipeline.Clustering;

/// <summary>
/// Parallel sums over rows whose value does not depend on the thread count: the rows are cut into blocks by n
/// alone, each block sums into its own double partial, and the partials are added in block order.
/// </summary>
internal static class RowBlocks
{
    private const int MinRows = 4096, MaxBlocks = 64;

    /// <summary>Runs body(start, end, partial) on each block and returns the partials' sum (length values).</summary>
    public static double[] Sum(int n, int length, ParallelOptions parallel, Action<int, int, double[]> body)
    {
        int blocks = Math.Clamp((n + MinRows - 1) / MinRows, 1, MaxBlocks);
        var partials = new double[blocks][];
        Parallel.For(0, blocks, parallel, b =>
        {
            var partial = new double[length];
            body((int)((long)n * b / blocks), (int)((long)n * (b + 1) / blocks), partial);
            partials[b] = partial;
        });
        var total = partials[0];
        for (int b = 1; b < blocks; b++)
        {
            for (int i = 0; i < length; i++) total[i] += partials[b][i];
        }
        return total;
    }
}
