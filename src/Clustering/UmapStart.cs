namespace Pipeline.Clustering;

/// <summary>
/// The layout before the SGD, as umap-learn 0.5 makes it: PCA scaled so the largest coordinate is 10 plus N(0, 1e-4)
/// noise, or uniform in [-10, 10]; then every column is rescaled to [0, 10]. Noise comes from counter-based draws
/// keyed by the element, so the start is one function of the seed whatever the thread count.
/// </summary>
internal static class UmapStart
{
    private const long NoiseStream = 1, UniformStream = 2;

    public static float[] Make(float[]? data, int n, int dim, UmapOptions options, ParallelOptions parallel)
    {
        int c = options.Components;
        var embedding = new float[n * c];
        int fromPca = options.Init == UmapInit.Pca && data is not null ? Math.Min(c, Math.Min(n, dim)) : 0;
        if (fromPca > 0)
        {
            var model = Pca.Fit(data!, n, dim, new PcaOptions { Components = fromPca, Seed = options.Seed }, ct: parallel.CancellationToken);
            var projected = model.Transform(data!, n, parallel.CancellationToken);
            float largest = 0f;
            foreach (float v in projected) largest = MathF.Max(largest, MathF.Abs(v));
            float expansion = largest > 0 ? 10f / largest : 1f;
            Parallel.For(0, n, parallel, row =>
            {
                var random = new CounterRandom(CounterRandom.Key(options.Seed, NoiseStream, row));
                for (int d = 0; d < fromPca; d++)
                {
                    embedding[row * c + d] = projected[row * fromPca + d] * expansion + (float)(1e-4 * random.NextGaussian());
                }
            });
        }
        // Columns PCA cannot give (more components than the data has dimensions) start uniform, like init="random".
        Parallel.For(0, n, parallel, row =>
        {
            var random = new CounterRandom(CounterRandom.Key(options.Seed, UniformStream, row));
            for (int d = fromPca; d < c; d++) embedding[row * c + d] = (float)(random.NextDouble() * 20 - 10);
        });
        RescaleColumns(embedding, n, c);
        return embedding;
    }

    /// <summary>Each column onto [0, 10]; a constant column (one point) is left at 0.</summary>
    private static void RescaleColumns(float[] embedding, int n, int c)
    {
        var min = new float[c];
        var max = new float[c];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        for (int at = 0; at < n * c; at++)
        {
            min[at % c] = MathF.Min(min[at % c], embedding[at]);
            max[at % c] = MathF.Max(max[at % c], embedding[at]);
        }
        for (int at = 0; at < n * c; at++)
        {
            float range = max[at % c] - min[at % c];
            embedding[at] = range > 0 ? 10f * (embedding[at] - min[at % c]) / range : 0f;
        }
    }
}
