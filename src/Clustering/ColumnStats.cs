namespace Pipeline.Clustering;

/// <summary>Column means and spread of a row-major matrix, summed in double through <see cref="RowBlocks"/>.</summary>
internal static class ColumnStats
{
    public static float[] Mean(float[] data, int n, int dim, ParallelOptions parallel)
    {
        var sums = RowBlocks.Sum(n, dim, parallel, (start, end, partial) =>
        {
            for (int i = start; i < end; i++)
            {
                var x = data.AsSpan(i * dim, dim);
                for (int d = 0; d < dim; d++) partial[d] += x[d];
            }
        });
        return sums.Select(s => (float)(s / n)).ToArray();
    }

    /// <summary>Sum over rows of the squared distance to the given mean: n times the trace of the covariance.</summary>
    public static double SquaredDeviation(float[] data, int n, float[] mean, ParallelOptions parallel)
    {
        int dim = mean.Length;
        return RowBlocks.Sum(n, 1, parallel, (start, end, partial) =>
        {
            for (int i = start; i < end; i++)
            {
                var x = data.AsSpan(i * dim, dim);
                for (int d = 0; d < dim; d++)
                {
                    double delta = x[d] - mean[d];
                    partial[0] += delta * delta;
                }
            }
        })[0];
    }
}
