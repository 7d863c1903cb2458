using System.Globalization;

namespace Pipeline.Clustering;

/// <summary>
/// A bound request: optionally PCA to <see cref="PcaDimensions"/>, then UMAP to <see cref="Umap"/>'s dimensions (the
/// manga-face work's 32), then the algorithm.
/// </summary>
public sealed record ClusteringPlan(int? PcaDimensions, UmapOptions? Umap, Func<float[], int, int, IProgress<double>, CancellationToken, ClusteringResult> Fit);

/// <summary>
/// Turns a request's named parameters (scikit-learn / pyclustering names) into algorithm options; unknown names are
/// errors. Every algorithm also takes <c>pca</c> (reduce to that many dimensions with seeded randomised PCA first) and
/// <c>umap</c> (then UMAP to that many, with <c>umap_neighbors</c> and <c>umap_min_dist</c>).
/// </summary>
public static class ClusteringParameters
{
    public const string Algorithms = "hdbscan, dbscan, optics, kmeans or xmeans";

    public static ClusteringPlan Bind(string algorithm, IReadOnlyDictionary<string, string> p, int seed)
    {
        var pca = Int(p, "pca");
        if (pca is < 1) throw new FormatException($"pca must be at least 1, not {pca}");
        var umap = Int(p, "umap") is { } d
            ? new UmapOptions { Components = d, Neighbors = Int(p, "umap_neighbors") ?? 15, MinDist = Double(p, "umap_min_dist") ?? 0.1, Seed = seed }
            : null;
        if (umap is { Components: < 1 }) throw new FormatException($"umap must be at least 1, not {umap.Components}");
        return new ClusteringPlan(pca, umap, Algorithm(algorithm.ToLowerInvariant(), p, seed));
    }

    /// <summary>name=value pairs (as people type them) into a parameter map; a malformed or repeated pair is an error.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> pairs)
    {
        var parameters = new Dictionary<string, string>();
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0) throw new FormatException($"'{pair}' is not name=value");
            if (!parameters.TryAdd(pair[..at].Trim(), pair[(at + 1)..].Trim())) throw new FormatException($"{pair[..at].Trim()} is given twice");
        }
        return parameters;
    }

    private static Func<float[], int, int, IProgress<double>, CancellationToken, ClusteringResult> Algorithm(
        string algorithm, IReadOnlyDictionary<string, string> p, int seed)
    {
        switch (algorithm)
        {
            case "hdbscan":
                Check(p, "min_cluster_size", "min_samples", "cluster_selection_method", "cluster_selection_epsilon", "allow_single_cluster", "neighbours");
                var h = new HdbscanOptions
                {
                    MinClusterSize = Int(p, "min_cluster_size") ?? 5,
                    MinSamples = Int(p, "min_samples"),
                    Method = p.TryGetValue("cluster_selection_method", out var m)
                        ? m.ToLowerInvariant() switch
                        {
                            "eom" => ClusterSelectionMethod.Eom,
                            "leaf" => ClusterSelectionMethod.Leaf,
                            _ => throw new FormatException($"cluster_selection_method must be eom or leaf, not '{m}'"),
                        }
                        : ClusterSelectionMethod.Eom,
                    ClusterSelectionEpsilon = Double(p, "cluster_selection_epsilon") ?? 0,
                    AllowSingleCluster = Bool(p, "allow_single_cluster"),
                    // auto: exact (scikit-learn's answer) below 50k points, NN-descent neighbours above.
                    Neighbours = p.TryGetValue("neighbours", out var nb)
                        ? Enum.TryParse<NeighbourSearch>(nb, ignoreCase: true, out var search) && !int.TryParse(nb, out _) ? search
                            : throw new FormatException($"neighbours must be auto, exact or approximate, not '{nb}'")
                        : NeighbourSearch.Auto,
                    Seed = seed,
                };
                return (data, n, dim, progress, ct) => Hdbscan.Fit(data, n, dim, h, progress, ct);
            case "dbscan":
                Check(p, "eps", "min_samples");
                var d = new DbscanOptions { Eps = Double(p, "eps"), MinSamples = Int(p, "min_samples") ?? 5 };
                return (data, n, dim, progress, ct) => Dbscan.Fit(data, n, dim, d, progress, ct);
            case "optics":
                Check(p, "min_samples", "xi", "min_cluster_size", "max_eps");
                var o = new OpticsOptions
                {
                    MinSamples = Int(p, "min_samples") ?? 5, Xi = Double(p, "xi") ?? 0.05, MinClusterSize = Int(p, "min_cluster_size"),
                    MaxEps = Double(p, "max_eps") ?? double.PositiveInfinity,
                };
                return (data, n, dim, progress, ct) => Optics.Fit(data, n, dim, o, progress, ct).Clustering;
            case "kmeans":
                Check(p, "n_clusters", "max_iter", "tol", "init", "n_init");
                var k = new KMeansOptions
                {
                    K = Int(p, "n_clusters") ?? throw new FormatException("kmeans needs n_clusters"),
                    Seed = seed, MaxIterations = Int(p, "max_iter") ?? 300, Tolerance = Double(p, "tol") ?? 1e-4, NInit = Int(p, "n_init") ?? 1,
                    Init = p.TryGetValue("init", out var init)
                        ? init.ToLowerInvariant() switch
                        {
                            "k-means++" => KMeansInit.PlusPlus,
                            "random" => KMeansInit.Random,
                            _ => throw new FormatException($"init must be k-means++ or random, not '{init}'"),
                        }
                        : KMeansInit.PlusPlus,
                };
                return (data, n, dim, progress, ct) => KMeansClustering.Fit(data, n, dim, k, progress, ct).Clustering;
            case "xmeans":
                Check(p, "k_min", "k_max", "max_iterations");
                var x = new XMeansOptions
                {
                    KMin = Int(p, "k_min") ?? 2, KMax = Int(p, "k_max") ?? 40, MaxIterations = Int(p, "max_iterations") ?? 100, Seed = seed,
                };
                return (data, n, dim, progress, ct) => XMeans.Fit(data, n, dim, x, progress, ct);
            default:
                throw new FormatException($"unknown algorithm '{algorithm}' ({Algorithms})");
        }
    }

    private static void Check(IReadOnlyDictionary<string, string> p, params string[] known)
    {
        var unknown = p.Keys.Except(known).Except(Reductions).ToList();
        if (unknown.Count > 0) throw new FormatException($"unknown parameter(s) {string.Join(", ", unknown)}; known: {string.Join(", ", known.Concat(Reductions))}");
    }

    private static readonly string[] Reductions = ["pca", "umap", "umap_neighbors", "umap_min_dist"];

    private static int? Int(IReadOnlyDictionary<string, string> p, string key) =>
        !p.TryGetValue(key, out var v) ? null
        : int.TryParse(v, CultureInfo.InvariantCulture, out var i) ? i
        : throw new FormatException($"{key} must be an integer, not '{v}'");

    private static double? Double(IReadOnlyDictionary<string, string> p, string key) =>
        !p.TryGetValue(key, out var v) ? null
        : double.TryParse(v, CultureInfo.InvariantCulture, out var d) ? d
        : throw new FormatException($"{key} must be a number, not '{v}'");

    private static bool Bool(IReadOnlyDictionary<string, string> p, string key) =>
        p.TryGetValue(key, out var v) && (bool.TryParse(v, out var b) ? b : throw new FormatException($"{key} must be true or false, not '{v}'"));
}
