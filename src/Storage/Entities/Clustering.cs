namespace Pipeline.Storage.Entities;

/// <summary>An immutable set of vectors: one model's embeddings up to a watermark, optionally one job's.</summary>
public sealed class Snapshot
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public int ModelId { get; set; }
    public Guid? JobId { get; set; }
    public long Watermark { get; set; }
    public int PointCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum RunStatus { Queued, Running, Succeeded, Failed }

public sealed class ClusterRun
{
    public Guid Id { get; set; }
    public Guid? SnapshotId { get; set; }
    public required string Algorithm { get; set; }
    /// <summary>Every parameter as given, JSON, so the run can be repeated exactly.</summary>
    public required string Parameters { get; set; }
    public int Seed { get; set; }
    public RunStatus Status { get; set; }
    public int? ClusterCount { get; set; }
    public int? NoiseCount { get; set; }
    public int? PointCount { get; set; }
    public double? Seconds { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public sealed class ClusterAssignment
{
    public Guid RunId { get; set; }
    public long EmbeddingId { get; set; }
    public int Cluster { get; set; }
    public float Probability { get; set; }
}
