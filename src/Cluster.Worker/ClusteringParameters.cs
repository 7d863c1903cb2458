using System.Globalization;
using Pipeline.Clustering;

namespace Pipeline.Cluster.Worker;

/// <summary>Turns a request's named parameters (scikit-learn / pyclustering names) into algorithm options; unknown names are errors.</summary>
public static class ClusteringParameters
{
    public static Func<float[], int, int, IProgress<double>, CancellationToken, ClusteringResult> Bind(
        string algorithm, IReadOnlyDictionary<string, string> p, int seed)
    {
        switch (algorithm.ToLowerInvariant())
        {
            case "hdbscan":
                Check(p, "min_cluster_size", "min_samples", "cluster_selection_method", "cluster_selection_epsilon", "allow_single_cluster");
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
                    AllowSingleCluster = p.TryGetValue("allow_single_cluster", out var a)
                        && (bool.TryParse(a, out var single) ? single : throw new FormatException($"allow_single_cluster must be true or false, not '{a}'")),
                };
                return (data, n, dim, progress, ct) => Hdbscan.Fit(data, n, dim, h, progress, ct);
            case "xmeans":
                Check(p, "k_min", "k_max", "max_iterations");
                var x = new XMeansOptions
                {
                    KMin = Int(p, "k_min") ?? 2, KMax = Int(p, "k_max") ?? 40, MaxIterations = Int(p, "max_iterations") ?? 100, Seed = seed,
                };
                return (data, n, dim, progress, ct) => XMeans.Fit(data, n, dim, x, progress, ct);
            default:
                throw new FormatException($"unknown algorithm '{algorithm}' (hdbscan or xmeans)");
        }
    }

    private static void Check(IReadOnlyDictionary<string, string> p, params string[] known)
    {
        var unknown = p.Keys.Except(known).ToList();
        if (unknown.Count > 0) throw new FormatException($"unknown parameter(s) {string.Join(", ", unknown)}; known: {string.Join(", ", known)}");
    }

    private static int? Int(IReadOnlyDictionary<string, string> p, string key) =>
        !p.TryGetValue(key, out var v) ? null
        : int.TryParse(v, CultureInfo.InvariantCulture, out var i) ? i
        : throw new FormatException($"{key} must be an integer, not '{v}'");

    private static double? Double(IReadOnlyDictionary<string, string> p, string key) =>
        !p.TryGetValue(key, out var v) ? null
        : double.TryParse(v, CultureInfo.InvariantCulture, out var d) ? d
        : throw new FormatException($"{key} must be a number, not '{v}'");
}
