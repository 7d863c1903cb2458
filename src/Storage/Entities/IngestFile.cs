namespace Pipeline.Storage.Entities;

public enum FileOutcome { Ingested, Duplicate, Failed }

/// <summary>What happened to one file of a job. Keyed by (job, path) so a redelivered batch records nothing twice.</summary>
public sealed class IngestFile
{
    public Guid JobId { get; set; }
    public required string Path { get; set; }
    public FileOutcome Outcome { get; set; }
    public Guid? ImageId { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset At { get; set; }
}
