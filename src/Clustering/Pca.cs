namespace Pipeline.Clustering;

/// <summary>
/// PCA by randomised subspace iteration (Halko, Martinsson and Tropp 2011, algorithms 4.4 and 5.1) kept on the
/// dim side: a seeded Gaussian basis of Components + Oversampling directions is multiplied by X_c^T X_c and
/// re-orthonormalised PowerIterations times, then the covariance restricted to the basis is diagonalised
/// (Rayleigh-Ritz). Each multiplication is one parallel pass over the rows that centres them on the fly, so neither
/// X_c nor an n x basis matrix is ever stored: memory is O(dim x basis) beyond the data. Sums go through
/// <see cref="RowBlocks"/> in double, so the result depends on the seed, never on the thread count.
/// </summary>
public static class Pca
{
    /// <summary>Rows centred and multiplied together: at most a few hundred KiB, so they stay in cache.</summary>
    private const int ChunkRows = 64;

    /// <param name="data">Row-major float32 points, n rows of dim values.</param>
    public static PcaModel Fit(float[] data, int n, int dim, PcaOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        Validate(data, n, dim, options);
        var parallel = new ParallelOptions { CancellationToken = ct };
        // A width in fours keeps every basis row on the SIMD kernels' fast path; extra width only adds accuracy.
        int k = options.Components, width = Math.Min(dim, (k + options.Oversampling + 3) / 4 * 4);
        int passes = options.PowerIterations + 2;

        var mean = ColumnStats.Mean(data, n, dim, parallel);
        double totalVariance = ColumnStats.SquaredDeviation(data, n, mean, parallel) / (n - 1);
        progress?.Report(1.0 / passes);
        var basis = new double[width * dim];
        var random = new Random(options.Seed);
        for (int i = 0; i < basis.Length; i++) basis[i] = random.NextGaussian();
        GramSchmidt.OrthonormaliseRows(basis, width, dim);

        double[] product;
        for (int pass = 0; ; pass++)
        {
            // The basis in float is what multiplies the rows, so it is also what the Rayleigh-Ritz step must use.
            var rounded = basis.Select(v => (float)v).ToArray();
            for (int i = 0; i < basis.Length; i++) basis[i] = rounded[i];
            product = CovarianceTimes(data, n, mean, rounded, width, parallel);
            progress?.Report((pass + 2.0) / passes);
            if (pass == options.PowerIterations) break;
            Array.Copy(product, basis, basis.Length);
            GramSchmidt.OrthonormaliseRows(basis, width, dim);
        }
        return RayleighRitz(basis, product, width, dim, k, n, mean, totalVariance);
    }

    private static PcaModel RayleighRitz(double[] basis, double[] product, int width, int dim, int k, int n,
        float[] mean, double totalVariance)
    {
        var small = new double[width * width];
        for (int i = 0; i < width; i++)
        {
            for (int j = 0; j < width; j++) small[i * width + j] = GramSchmidt.Dot(basis.AsSpan(i * dim, dim), product.AsSpan(j * dim, dim));
        }
        // Symmetric in exact arithmetic; averaging removes the rounding asymmetry Jacobi would otherwise ignore.
        for (int i = 0; i < width; i++)
        {
            for (int j = 0; j < i; j++) small[i * width + j] = small[j * width + i] = (small[i * width + j] + small[j * width + i]) / 2;
        }
        var (values, vectors) = SymmetricEigen.Decompose(small, width);
        var components = new float[k * dim];
        var variance = new double[k];
        var axis = new double[dim];
        for (int c = 0; c < k; c++)
        {
            Array.Clear(axis);
            for (int i = 0; i < width; i++)
            {
                double weight = vectors[c * width + i];
                for (int d = 0; d < dim; d++) axis[d] += weight * basis[i * dim + d];
            }
            double norm = Math.Sqrt(GramSchmidt.Dot(axis, axis));
            // Largest-magnitude coordinate positive (scikit-learn's svd_flip), so the sign is reproducible.
            int largest = 0;
            for (int d = 1; d < dim; d++)
            {
                if (Math.Abs(axis[d]) > Math.Abs(axis[largest])) largest = d;
            }
            if (axis[largest] < 0) norm = -norm;
            for (int d = 0; d < dim; d++) components[c * dim + d] = (float)(axis[d] / norm);
            variance[c] = Math.Max(values[c], 0) / (n - 1);
        }
        return new PcaModel(mean, components, variance, totalVariance);
    }

    /// <summary>
    /// X_c^T X_c times each basis row (width x dim, row-major): float products over a chunk of rows, double sums
    /// across chunks and blocks, where rounding would otherwise grow with n.
    /// </summary>
    private static double[] CovarianceTimes(float[] data, int n, float[] mean, float[] basis, int width, ParallelOptions parallel)
    {
        int dim = mean.Length;
        return RowBlocks.Sum(n, width * dim, parallel, (start, end, partial) =>
        {
            var block = new float[ChunkRows * dim];
            var coefficients = new float[ChunkRows * width];
            var sums = new float[width * dim];
            for (int first = start; first < end; first += ChunkRows)
            {
                parallel.CancellationToken.ThrowIfCancellationRequested();
                int rows = Math.Min(ChunkRows, end - first);
                BlockProducts.Centre(data, first, rows, mean, block);
                BlockProducts.Project(block, rows, basis, width, coefficients);
                BlockProducts.TransposeTimes(coefficients.AsSpan(0, rows * width), block, rows, sums);
                for (int i = 0; i < sums.Length; i++) partial[i] += sums[i];
            }
        });
    }

    private static void Validate(float[] data, int n, int dim, PcaOptions options)
    {
        InputChecks.Points(data, n, dim, 2, "PCA");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Components, 1, nameof(options.Components));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Components, Math.Min(n, dim), nameof(options.Components));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Oversampling, nameof(options.Oversampling));
        ArgumentOutOfRangeException.ThrowIfNegative(options.PowerIterations, nameof(options.PowerIterations));
    }
}
