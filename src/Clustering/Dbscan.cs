namespace Pipeline.Clustering;

/// <summary>
/// DBSCAN with scikit-learn 1.4.2's semantics: a point is core when at least MinSamples points, itself included, lie
/// within Eps (inclusive); clusters grow from core points taken in index order and are numbered as found; a border
/// point joins the first cluster that reaches it; the rest is noise. Neighbourhoods come from ball-tree radius
/// queries, run again when needed instead of stored, so memory stays O(n * dim) however large Eps is.
/// Probabilities are 1 for clustered points and 0 for noise (DBSCAN has no membership strength).
/// </summary>
public static class Dbscan
{
    /// <param name="data">Row-major float32 points, n rows of dim values; Euclidean distance.</param>
    public static ClusteringResult Fit(float[] data, int n, int dim, DbscanOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default) =>
        FitDetailed(data, n, dim, options, progress, ct).Clustering;

    /// <summary>As <see cref="Fit"/>, also returning the eps used (the knee's when Eps was null).</summary>
    public static DbscanResult FitDetailed(float[] data, int n, int dim, DbscanOptions options,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        Validate(data, n, dim, options);
        var parallel = new ParallelOptions { CancellationToken = ct };
        var tree = new BallTree(data, n, dim);
        progress?.Report(0.02);
        double eps = options.Eps ?? KDistanceKnee.FromTree(tree, options.MinSamples, parallel, new StageProgress(progress, 0.02, 0.3));
        var core = CoreRows(tree, eps, options.MinSamples, parallel, new StageProgress(progress, 0.3, 0.65));
        var labels = Expand(tree, eps, core, new StageProgress(progress, 0.65, 1), ct);

        var probabilities = new float[n];
        int clusters = 0;
        for (int i = 0; i < n; i++)
        {
            probabilities[i] = labels[i] < 0 ? 0f : 1f;
            clusters = Math.Max(clusters, labels[i] + 1);
        }
        progress?.Report(1.0);
        return new DbscanResult(new ClusteringResult(labels, probabilities, clusters), eps);
    }

    /// <summary>Which tree rows are core: neighbour counts in parallel, each stopping at MinSamples.</summary>
    private static bool[] CoreRows(BallTree tree, double eps, int minSamples, ParallelOptions parallel, StageProgress progress)
    {
        var core = new bool[tree.Count];
        int leavesDone = 0;
        Parallel.For(0, tree.Leaves.Length, parallel,
            () => new RadiusSearch(tree),
            (leafIndex, _, search) =>
            {
                int leaf = tree.Leaves[leafIndex];
                for (int row = tree.Start[leaf]; row < tree.End[leaf]; row++)
                {
                    core[row] = search.Within(row, eps, limit: minSamples) >= minSamples;
                }
                progress.Report((double)Interlocked.Increment(ref leavesDone) / tree.Leaves.Length);
                return search;
            },
            _ => { });
        return core;
    }

    /// <summary>
    /// scikit-learn's dbscan_inner: a depth-first expansion from each unlabelled core point in index order. Labelling
    /// a point when it is pushed rather than popped gives the same labels and keeps the stack within n entries.
    /// </summary>
    private static int[] Expand(BallTree tree, double eps, bool[] core, StageProgress progress, CancellationToken ct)
    {
        int n = tree.Count;
        var labels = new int[n];
        Array.Fill(labels, -1);
        var treeRow = new int[n];
        for (int row = 0; row < n; row++) treeRow[tree.Original[row]] = row;

        var search = new RadiusSearch(tree);
        var open = new OpenRows(tree);
        var neighbours = new List<int>();
        var stack = new Stack<int>();
        int cluster = 0;
        for (int i = 0; i < n; i++)
        {
            if (labels[i] != -1 || !core[treeRow[i]]) continue;
            ct.ThrowIfCancellationRequested();
            labels[i] = cluster;
            open.Close(treeRow[i]);
            stack.Push(treeRow[i]);
            while (stack.TryPop(out int row))
            {
                neighbours.Clear();
                search.Within(row, eps, neighbours, open: open);
                foreach (int other in neighbours)
                {
                    if (labels[tree.Original[other]] != -1) continue;
                    labels[tree.Original[other]] = cluster;
                    open.Close(other);
                    // Border points are labelled but not expanded.
                    if (core[other]) stack.Push(other);
                }
            }
            cluster++;
            progress.Report((double)i / n);
        }
        return labels;
    }

    private static void Validate(float[] data, int n, int dim, DbscanOptions options)
    {
        InputChecks.Points(data, n, dim, 1, "DBSCAN");
        if (options.Eps is { } eps && !(eps > 0 && double.IsFinite(eps)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), eps, "Eps must be a finite number > 0 (or null to choose it at the k-distance knee).");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinSamples, 1, nameof(options.MinSamples));
        if (options.Eps is null) KDistanceKnee.CheckNeighbours(options.MinSamples, n);
    }
}
