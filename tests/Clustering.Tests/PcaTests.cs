namespace Pipeline.Clustering.Tests;

public class PcaTests
{
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        // n, dim, components, oversampling: a basis narrower than dim, one spanning every dimension, many row blocks.
        { 800, 24, 5, 10 },
        { 300, 8, 3, 10 },
        { 20_000, 24, 5, 10 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Components_and_variances_match_an_exact_eigendecomposition(int n, int dim, int k, int oversampling)
    {
        var data = Decaying(n, dim, seed: n);
        var model = Pca.Fit(data, n, dim, new PcaOptions { Components = k, Oversampling = oversampling, Seed = 1 });
        var (values, vectors) = ExactPca(data, n, dim);
        AssertMatches(model, values, vectors, k);
        Assert.Equal(values.Sum(), model.TotalVariance, values.Sum() * 1e-9);
    }

    [Fact]
    public void Planted_low_rank_structure_is_found()
    {
        const int n = 3000, dim = 64, rank = 3;
        var random = new Random(9);
        var directions = Orthonormal(rank, dim, random);
        double[] scales = [10, 6, 3];
        var data = new float[n * dim];
        for (int i = 0; i < n; i++)
        {
            var coefficients = scales.Select(s => s * random.NextGaussian()).ToArray();
            for (int d = 0; d < dim; d++)
            {
                double x = 2 + 0.01 * random.NextGaussian();
                for (int r = 0; r < rank; r++) x += coefficients[r] * directions[r * dim + d];
                data[i * dim + d] = (float)x;
            }
        }
        var model = Pca.Fit(data, n, dim, new PcaOptions { Components = rank, Oversampling = 4, PowerIterations = 2, Seed = 3 });
        var (values, vectors) = ExactPca(data, n, dim);
        AssertMatches(model, values, vectors, rank);
        for (int r = 0; r < rank; r++)
        {
            // The planted direction lies in the span of the components.
            double inSpan = Enumerable.Range(0, rank).Sum(c => Math.Pow(Dot(model.Components, c, directions, r, dim), 2));
            Assert.InRange(inSpan, 0.9999, 1.0001);
        }
        Assert.InRange(model.ExplainedVarianceRatio.Sum(), 0.999, 1.0);
    }

    [Fact]
    public void More_components_than_the_data_has_rank_stay_orthonormal()
    {
        // Ten centred points span at most nine directions; the tenth component has no variance left.
        const int n = 10, dim = 40, k = 10;
        var data = Decaying(n, dim, seed: 4);
        var model = Pca.Fit(data, n, dim, new PcaOptions { Components = k, Seed = 2 });
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++) Assert.Equal(a == b ? 1.0 : 0.0, Dot(model.Components, a, model.Components, b, dim), 4);
        }
        Assert.True(model.ExplainedVariance[k - 1] < 1e-6 * model.ExplainedVariance[0]);
    }

    [Fact]
    public void Transformed_training_data_has_the_explained_variances()
    {
        const int n = 2000, dim = 32, k = 6;
        var data = Decaying(n, dim, seed: 7);
        var model = Pca.Fit(data, n, dim, new PcaOptions { Components = k, Seed = 5 });
        var projected = model.Transform(data, n);
        Assert.Equal(n * k, projected.Length);
        for (int c = 0; c < k; c++)
        {
            double mean = 0, square = 0;
            for (int i = 0; i < n; i++) mean += projected[i * k + c] / (double)n;
            for (int i = 0; i < n; i++) square += Math.Pow(projected[i * k + c] - mean, 2);
            Assert.Equal(0, mean, 1e-4);
            Assert.Equal(model.ExplainedVariance[c], square / (n - 1), model.ExplainedVariance[c] * 1e-4);
        }
    }

    [Fact]
    public void Same_seed_gives_identical_bits_whatever_the_thread_count()
    {
        const int n = 20_000, dim = 48;
        var data = Decaying(n, dim, seed: 11);
        var options = new PcaOptions { Components = 8, Seed = 4 };
        var parallel = Pca.Fit(data, n, dim, options);
        var again = Pca.Fit(data, n, dim, options);
        var single = OnOneThread(() => Pca.Fit(data, n, dim, options));
        foreach (var other in new[] { again, single })
        {
            Assert.Equal(parallel.Components, other.Components);
            Assert.Equal(parallel.ExplainedVariance, other.ExplainedVariance);
            Assert.Equal(parallel.Mean, other.Mean);
        }
        // Another seed converges to the same axes, with the same signs.
        var reseeded = Pca.Fit(data, n, dim, options with { Seed = 99 });
        for (int i = 0; i < parallel.Components.Length; i++) Assert.Equal(parallel.Components[i], reseeded.Components[i], 1e-3);
    }

    [Fact]
    public void Largest_coordinate_of_each_component_is_positive()
    {
        const int n = 500, dim = 16;
        var data = Decaying(n, dim, seed: 13);
        var model = Pca.Fit(data, n, dim, new PcaOptions { Components = 4 });
        for (int c = 0; c < 4; c++)
        {
            var row = model.Components.AsSpan(c * dim, dim).ToArray();
            Assert.True(row.MaxBy(Math.Abs) > 0);
        }
    }

    [Fact]
    public void Two_hundred_thousand_rows_in_128_dimensions_reduce_with_ordered_progress()
    {
        const int n = 200_000, dim = 128, k = 16, latent = 8;
        var data = LowRankPlusNoise(n, dim, latent);
        var reports = new List<double>();
        var model = Pca.Fit(data, n, dim, new PcaOptions { Components = k }, new SynchronousProgress(reports.Add));
        var projected = model.Transform(data, n);
        Assert.Equal(n * k, projected.Length);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
        Assert.True(model.ExplainedVariance.Zip(model.ExplainedVariance.Skip(1)).All(p => p.First >= p.Second));
        Assert.InRange(model.ExplainedVarianceRatio.Sum(), 0.8, 1.0);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var data = new float[5 * 3];
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(data, 5, 3, new PcaOptions { Components = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(data, 5, 3, new PcaOptions { Components = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(new float[3], 1, 3, new PcaOptions { Components = 1 }));
        Assert.Throws<ArgumentException>(() => Pca.Fit(data, 4, 3, new PcaOptions { Components = 1 }));
        data[7] = float.NaN;
        Assert.Throws<ArgumentException>(() => Pca.Fit(data, 5, 3, new PcaOptions { Components = 1 }));
    }

    private static void AssertMatches(PcaModel model, double[] values, double[] vectors, int k)
    {
        int dim = model.Dim;
        Assert.Equal(k, model.ComponentCount);
        for (int c = 0; c < k; c++)
        {
            Assert.Equal(values[c], model.ExplainedVariance[c], values[c] * 1e-3);
            double sign = Math.Sign(Dot(model.Components, c, vectors, c, dim));
            for (int d = 0; d < dim; d++) Assert.Equal(sign * vectors[c * dim + d], model.Components[c * dim + d], 1e-3);
        }
    }

    /// <summary>Covariance (n - 1) in double, decomposed exactly; eigenvectors as rows, by decreasing eigenvalue.</summary>
    internal static (double[] Values, double[] Vectors) ExactPca(float[] data, int n, int dim)
    {
        var mean = new double[dim];
        for (int i = 0; i < n; i++)
        {
            for (int d = 0; d < dim; d++) mean[d] += data[i * dim + d] / (double)n;
        }
        var covariance = new double[dim * dim];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < dim; a++)
            {
                for (int b = 0; b < dim; b++) covariance[a * dim + b] += (data[i * dim + a] - mean[a]) * (data[i * dim + b] - mean[b]) / (n - 1);
            }
        }
        var (values, vectors) = SymmetricEigen.Decompose(covariance, dim);
        return (values, vectors);
    }

    /// <summary>Gaussian data with standard deviations 0.7^j along a random orthonormal frame, offset from the origin.</summary>
    private static float[] Decaying(int n, int dim, int seed)
    {
        var random = new Random(seed);
        var frame = Orthonormal(dim, dim, random);
        var data = new float[n * dim];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < dim; j++)
            {
                double coefficient = Math.Pow(0.7, j) * random.NextGaussian();
                for (int d = 0; d < dim; d++) data[i * dim + d] += (float)(coefficient * frame[j * dim + d]);
            }
            for (int d = 0; d < dim; d++) data[i * dim + d] += 3;
        }
        return data;
    }

    /// <summary>Rows = latent coefficients (decaying scales) times fixed random axes, plus uniform noise; built in parallel.</summary>
    private static float[] LowRankPlusNoise(int n, int dim, int latent)
    {
        var axes = Orthonormal(latent, dim, new Random(21)).Select(v => (float)v).ToArray();
        var data = new float[n * dim];
        Parallel.For(0, (n + 4095) / 4096, block =>
        {
            var random = new Random(block);
            var coefficients = new float[latent];
            for (int i = block * 4096; i < Math.Min(n, (block + 1) * 4096); i++)
            {
                for (int r = 0; r < latent; r++) coefficients[r] = (random.NextSingle() - 0.5f) * 40 / (1 + r);
                var row = data.AsSpan(i * dim, dim);
                for (int d = 0; d < dim; d++) row[d] = random.NextSingle() - 0.5f;
                for (int r = 0; r < latent; r++)
                {
                    for (int d = 0; d < dim; d++) row[d] += coefficients[r] * axes[r * dim + d];
                }
            }
        });
        return data;
    }

    private static double[] Orthonormal(int rows, int dim, Random random)
    {
        var matrix = Enumerable.Range(0, rows * dim).Select(_ => random.NextGaussian()).ToArray();
        GramSchmidt.OrthonormaliseRows(matrix, rows, dim);
        return matrix;
    }

    private static double Dot<TA, TB>(TA[] a, int rowA, TB[] b, int rowB, int dim) where TA : IConvertible where TB : IConvertible
    {
        double sum = 0;
        for (int d = 0; d < dim; d++) sum += a[rowA * dim + d].ToDouble(null) * b[rowB * dim + d].ToDouble(null);
        return sum;
    }

    internal static T OnOneThread<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None,
            new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, 1).ConcurrentScheduler).GetAwaiter().GetResult();

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
