namespace Pipeline.Contracts;

/// <summary>Command: cluster a snapshot of one model's vectors. Parameters keep their scikit-learn names.</summary>
public record ClusteringRequested
{
    public required Guid RunId { get; init; }
    public required string Model { get; init; }
    /// <summary>Existing snapshot to use; when null a snapshot of all current vectors of the model is taken.</summary>
    public Guid? SnapshotId { get; init; }
    public Guid? JobId { get; init; }
    /// <summary>"hdbscan" or "xmeans".</summary>
    public required string Algorithm { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public int Seed { get; init; }
}

/// <summary>Event: a clustering run ended (successfully or not).</summary>
public record ClusteringCompleted
{
    public required Guid RunId { get; init; }
    public required Guid SnapshotId { get; init; }
    public required bool Succeeded { get; init; }
    public int ClusterCount { get; init; }
    public int NoiseCount { get; init; }
    public int PointCount { get; init; }
    public double Seconds { get; init; }
    public string? Error { get; init; }
}
