namespace Pipeline.Contracts;

/// <summary>
/// Queues that commands are sent to directly. Sending (not publishing) declares the queue, so a command
/// waits there even when its worker has not started yet.
/// </summary>
public static class Queues
{
    public const string StartIngest = "start-ingest";
    public const string RequeueFiles = "requeue-files";
    public const string ClusteringRequested = "clustering-requested";
    /// <summary>Training and applying noise filters (the Cluster worker: whole-collection CPU jobs).</summary>
    public const string NoiseFilter = "noise-filter";
    /// <summary>Running adapters over stored vectors (the Embed worker, which holds the inference runtime).</summary>
    public const string Adapters = "apply-adapter";

    public static Uri Of(string queue) => new($"queue:{queue}");
}
