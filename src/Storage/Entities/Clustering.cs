namespace Pipeline.Storage.Entities;

/// <summary>An immutable set of vectors: one model's embeddings up to a watermark, optionally one job's.</summary>
public sealed class Snapshot
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public int ModelId { get; set; }
    public Guid? JobId { get; set; }
    /// <summary>Only vectors the noise filter kept (none in embedding_exclusions); false takes every vector.</summary>
    public bool KeptOnly { get; set; }
    public long Watermark { get; set; }
    public int PointCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum RunStatus { Queued, Running, Succeeded, Failed, Cancelled }

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
    /// <summary>What a running run is doing ("reading", "pca", "clustering", "writing") and how far, 0..1.</summary>
    public string? Phase { get; set; }
    public float? Progress { get; set; }
    /// <summary>Set by whoever wants the run stopped; the worker polls it with its progress.</summary>
    public bool CancelRequested { get; set; }
    /// <summary>AMI / NMI / ARI / accuracy against the snapshot's labels, JSON, when it has labels.</summary>
    public string? Scores { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public sealed class ClusterAssignment
{
    public Guid RunId { get; set; }
    public long EmbeddingId { get; set; }
    public int Cluster { get; set; }
    public float Probability { get; set; }
    /// <summary>GLOSH outlier score (HDBSCAN): 0 in a cluster's core, towards 1 for outliers; null for other algorithms.</summary>
    public float? OutlierScore { get; set; }
    /// <summary>One of its cluster's exemplars (HDBSCAN): the most central members, shown first.</summary>
    public bool Exemplar { get; set; }
    /// <summary>The point on the run's 2-D map: its snapshot's first two principal components; null for runs stored before maps.</summary>
    public float? MapX { get; set; }
    public float? MapY { get; set; }
}

/// <summary>
/// A vector the noise filter had excluded when a kept-only snapshot was taken: frozen with the snapshot, so applying a
/// filter again later never changes what the snapshot holds.
/// </summary>
public sealed class SnapshotExclusion
{
    public Guid SnapshotId { get; set; }
    public long EmbeddingId { get; set; }
}

/// <summary>A ground-truth label for one vector of a snapshot, for evaluating runs on it.</summary>
public sealed class SnapshotLabel
{
    public Guid SnapshotId { get; set; }
    public long EmbeddingId { get; set; }
    public required string Label { get; set; }
}
