namespace Pipeline.Storage.Entities;

/// <summary>
/// Deferred: held back while its job was paused (re-sent on resume). Cancelled: never processed, its job was cancelled.
/// Only Deferred and Failed rows may later be overwritten by a real outcome (resume, retry).
/// </summary>
public enum FileOutcome { Ingested, Duplicate, Failed, Deferred, Cancelled }

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
