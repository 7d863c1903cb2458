namespace Pipeline.Storage.Entities;

public sealed class IngestJob
{
    public Guid Id { get; set; }
    public required string SourcePath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set once the folder walk is done; until then the total is unknown.</summary>
    public DateTimeOffset? EnumeratedAt { get; set; }
    public int? TotalFiles { get; set; }
    /// <summary>Why the job could not run at all (e.g. the folder does not exist); per-file problems live in <see cref="IngestFile"/>.</summary>
    public string? Error { get; set; }
}
