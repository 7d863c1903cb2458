using System.Globalization;
using MassTransit;
using Pipeline.Clustering;
using Pipeline.Contracts;

namespace Pipeline.Dashboard.Clusters;

/// <summary>What the "request a run" form holds. Source is "snapshot:{id}" or "model:{name}" (a new snapshot of its vectors).</summary>
public sealed class RunRequestInput
{
    public string Source { get; set; } = "";
    public string Algorithm { get; set; } = "hdbscan";
    public int? MinClusterSize { get; set; }
    public int? MinSamples { get; set; }
    public int? Clusters { get; set; }
    public int? Pca { get; set; }
    /// <summary>Any other parameters as name=value, separated by spaces or lines.</summary>
    public string? Extra { get; set; }
    public int Seed { get; set; }
}

/// <summary>Turns the form into a clustering command, checked by the worker's own parameter binding so the run cannot fail on them.</summary>
public static class RunRequest
{
    public static readonly string[] Algorithms = ["hdbscan", "dbscan", "optics", "kmeans", "xmeans"];

    /// <param name="modelOfSnapshot">The model name of a snapshot id, or null when there is no such snapshot.</param>
    public static ClusteringRequested Build(RunRequestInput input, Func<Guid, string?> modelOfSnapshot)
    {
        if (!Algorithms.Contains(input.Algorithm)) throw new FormatException($"choose an algorithm: {ClusteringParameters.Algorithms}");
        var parameters = ClusteringParameters.Parse((input.Extra ?? "").Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        void Add(string name, int? value)
        {
            if (value is not { } v) return;
            if (!parameters.TryAdd(name, v.ToString(CultureInfo.InvariantCulture))) throw new FormatException($"{name} is given twice");
        }
        Add("min_cluster_size", input.MinClusterSize);
        Add("min_samples", input.MinSamples);
        Add("n_clusters", input.Clusters);
        Add("pca", input.Pca);
        ClusteringParameters.Bind(input.Algorithm, parameters, input.Seed);

        var (snapshot, model) = Source(input.Source, modelOfSnapshot);
        return new ClusteringRequested
        {
            RunId = NewId.NextGuid(), Model = model, SnapshotId = snapshot, Algorithm = input.Algorithm, Parameters = parameters, Seed = input.Seed,
        };
    }

    private static (Guid? Snapshot, string Model) Source(string source, Func<Guid, string?> modelOfSnapshot)
    {
        if (source.StartsWith("model:", StringComparison.Ordinal) && source.Length > "model:".Length) return (null, source["model:".Length..]);
        if (source.StartsWith("snapshot:", StringComparison.Ordinal) && Guid.TryParse(source["snapshot:".Length..], out var id))
            return (id, modelOfSnapshot(id) ?? throw new FormatException($"snapshot {id} does not exist"));
        throw new FormatException("choose a snapshot, or a model to snapshot now");
    }
}
