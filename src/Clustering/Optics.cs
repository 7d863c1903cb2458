namespace Pipeline.Clustering;

/// <summary>
/// OPTICS with scikit-learn 1.4.2's semantics: core distances from an exact kNN on the ball tree (k = MinSamples, the
/// point itself counted), the reachability ordering of compute_optics_graph (<see cref="OpticsOrdering"/>), then xi
/// cluster extraction with predecessor correction (<see cref="OpticsXi"/>). Memory is O(n * (dim + MinSamples)).
/// </summary>
public static class Optics
{
    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    public static OpticsResult Fit(float[] data, int n, int dim, OpticsOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        int minClusterSize = Validate(data, n, dim, options);
        var parallel = new ParallelOptions { CancellationToken = ct };
        var tree = new BallTree(data, n, dim);
        progress?.Report(0.02);
        var core = CoreDistances.Compute(tree, options.MinSamples, parallel, new StageProgress(progress, 0.02, 0.1))
            .KthDistances(tree, parallel);
        for (int i = 0; i < n; i++)
        {
            core[i] = core[i] > options.MaxEps ? double.PositiveInfinity : OpticsOrdering.RoundLikeNumpy(core[i]);
        }
        var graph = OpticsOrdering.Compute(data, n, dim, core, options.MaxEps, parallel, new StageProgress(progress, 0.1, 0.98));

        var reachabilityPlot = new double[n];
        var predecessorPlot = new int[n];
        for (int i = 0; i < n; i++)
        {
            reachabilityPlot[i] = graph.Reachability[graph.Ordering[i]];
            predecessorPlot[i] = graph.Predecessor[graph.Ordering[i]];
        }
        var hierarchy = OpticsXi.Clusters(reachabilityPlot, predecessorPlot, graph.Ordering, options.Xi, options.MinSamples, minClusterSize);
        var labels = OpticsXi.Labels(graph.Ordering, hierarchy);
        var probabilities = labels.Select(label => label < 0 ? 0f : 1f).ToArray();
        int clusters = labels.Length == 0 ? 0 : labels.Max() + 1;
        progress?.Report(1.0);
        return new OpticsResult(new ClusteringResult(labels, probabilities, clusters), graph.Ordering, graph.Reachability,
            core, graph.Predecessor, hierarchy);
    }

    private static int Validate(float[] data, int n, int dim, OpticsOptions options)
    {
        InputChecks.Points(data, n, dim, 2, "OPTICS");
        if (options.MinSamples < 2 || options.MinSamples > n)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinSamples, $"MinSamples must be between 2 and the number of points ({n}).");
        }
        int minClusterSize = options.MinClusterSize ?? options.MinSamples;
        if (minClusterSize < 2 || minClusterSize > n)
        {
            throw new ArgumentOutOfRangeException(nameof(options), minClusterSize, $"MinClusterSize must be between 2 and the number of points ({n}).");
        }
        // scikit-learn accepts xi = 1 but then divides by zero.
        if (!(options.Xi >= 0 && options.Xi < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.Xi, "Xi must be in [0, 1).");
        if (!(options.MaxEps >= 0)) throw new ArgumentOutOfRangeException(nameof(options), options.MaxEps, "MaxEps must be >= 0 (infinity allowed).");
        return minClusterSize;
    }
}
