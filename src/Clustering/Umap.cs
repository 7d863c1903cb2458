using System.Diagnostics;

namespace Pipeline.Clustering;

/// <summary>
/// UMAP (McInnes, Healy and Melville 2018) with umap-learn 0.5's semantics for Euclidean input: kNN, fuzzy simplicial
/// set, a and b fitted to MinDist and Spread, SGD with edge sampling and negative sampling. Memory is
/// O(n * (k + Components)) beyond the data; the result depends on the seed, never on the thread count
/// (see <see cref="UmapLayout"/>). The start is PCA, not umap-learn's default spectral layout: the spectral start
/// needs the smallest eigenvectors of the graph Laplacian, which converge slowly exactly when clusters are well
/// separated, and costs far more than the randomised PCA at a million rows.
/// </summary>
public static class Umap
{
    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    public static UmapResult Fit(float[] data, int n, int dim, UmapOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default) =>
        Fit(data, n, dim, options, new ParallelOptions { CancellationToken = ct }, progress);

    /// <summary>UMAP on a kNN table from any source (its first options.Neighbors columns are used).</summary>
    /// <param name="data">The points the table was built on, for the PCA start; null starts at random.</param>
    public static UmapResult Fit(float[]? data, int n, int dim, NeighbourTable neighbours, UmapOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(options);
        if (data is not null) InputChecks.Points(data, n, dim, 3, "UMAP");
        Validate(n, options);
        if (neighbours.Count != n) throw new ArgumentException($"The neighbour table has {neighbours.Count} rows for {n} points.", nameof(neighbours));
        if (neighbours.K < options.Neighbors)
        {
            throw new ArgumentException($"The neighbour table has {neighbours.K} neighbours per row; Neighbors is {options.Neighbors}.", nameof(neighbours));
        }
        var parallel = new ParallelOptions { CancellationToken = ct };
        var result = Embed(data, n, dim, neighbours, options, parallel, progress, 0);
        progress?.Report(1.0);
        return result;
    }

    /// <summary>The whole fit on the given parallel options (tests pin the thread count through them).</summary>
    internal static UmapResult Fit(float[] data, int n, int dim, UmapOptions options, ParallelOptions parallel, IProgress<double>? progress)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        InputChecks.Points(data, n, dim, 3, "UMAP");
        Validate(n, options);
        long start = Stopwatch.GetTimestamp();
        var neighbours = NeighbourTable.Exact(data, n, dim, options.Neighbors, parallel, new StageProgress(progress, 0, 0.3));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var result = Embed(data, n, dim, neighbours, options, parallel, progress, 0.3);
        result.NeighboursTime = elapsed;
        progress?.Report(1.0);
        return result;
    }

    private static UmapResult Embed(float[]? data, int n, int dim, NeighbourTable neighbours, UmapOptions options,
        ParallelOptions parallel, IProgress<double>? progress, double from)
    {
        long start = Stopwatch.GetTimestamp();
        int defaultEpochs = n <= 10_000 ? 500 : 200, epochs = options.Epochs ?? defaultEpochs;
        var graph = FuzzyGraph.Build(neighbours, options.Neighbors, parallel).Pruned(epochs > 10 ? epochs : defaultEpochs);
        var (a, b) = UmapCurve.FindAB(options.MinDist, options.Spread);
        var initial = UmapStart.Make(data, n, dim, options, parallel);
        var graphTime = Stopwatch.GetElapsedTime(start);
        progress?.Report(from + (1 - from) * 0.1);

        start = Stopwatch.GetTimestamp();
        var embedding = UmapLayout.Optimise(initial, graph, options.Components, epochs, (float)a, (float)b, options, parallel,
            new StageProgress(progress, from + (1 - from) * 0.1, 1));
        return new UmapResult(embedding, n, options.Components, a, b, epochs, graph.EdgeCount)
        {
            GraphTime = graphTime,
            LayoutTime = Stopwatch.GetElapsedTime(start),
        };
    }

    private static void Validate(int n, UmapOptions options)
    {
        if (options.Components < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Components, "Components must be at least 1.");
        if (options.Neighbors < 2) throw new ArgumentOutOfRangeException(nameof(options), options.Neighbors, "Neighbors must be at least 2 (the point itself and one other).");
        if (options.Neighbors >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Neighbors, $"Neighbors ({options.Neighbors}) must be less than the number of points ({n}).");
        }
        if (!(options.MinDist >= 0)) throw new ArgumentOutOfRangeException(nameof(options), options.MinDist, "MinDist must be >= 0.");
        if (!(options.Spread > 0) || double.IsInfinity(options.Spread)) throw new ArgumentOutOfRangeException(nameof(options), options.Spread, "Spread must be positive and finite.");
        if (options.MinDist > options.Spread) throw new ArgumentOutOfRangeException(nameof(options), options.MinDist, "MinDist must not exceed Spread.");
        if (options.Epochs < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "Epochs must be >= 0 (null for the default).");
        if (!(options.LearningRate > 0) || double.IsInfinity(options.LearningRate)) throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "LearningRate must be positive and finite.");
        if (options.NegativeSampleRate < 0) throw new ArgumentOutOfRangeException(nameof(options), options.NegativeSampleRate, "NegativeSampleRate must be >= 0.");
        if (!(options.RepulsionStrength >= 0) || double.IsInfinity(options.RepulsionStrength))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RepulsionStrength, "RepulsionStrength must be >= 0 and finite.");
        }
        if (!Enum.IsDefined(options.Init)) throw new ArgumentOutOfRangeException(nameof(options), options.Init, "Unknown Init.");
    }
}
