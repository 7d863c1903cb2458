using Pgvector;

namespace Pipeline.Storage.Entities;

public sealed class EmbeddingModel
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int Dimensions { get; set; }
}

/// <summary>One region's vector for one model. <see cref="Id"/> only grows, so it doubles as a snapshot watermark.</summary>
public sealed class Embedding
{
    public long Id { get; set; }
    public Guid RegionId { get; set; }
    public Guid ImageId { get; set; }
    public Guid JobId { get; set; }
    public int ModelId { get; set; }
    public required Vector Vector { get; set; }
    public DateTimeOffset EmbeddedAt { get; set; }
}

/// <summary>
/// A vector the noise filter excluded; snapshots and search can leave it out. Kept apart from the vectors so that
/// applying a filter to millions of them never rewrites a row that an HNSW index holds.
/// </summary>
public sealed class EmbeddingExclusion
{
    public long EmbeddingId { get; set; }
}
