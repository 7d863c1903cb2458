namespace Pipeline.Storage.Entities;

/// <summary>What a person asked of a job: Paused holds its new files back (as Deferred), Cancelled ends it.</summary>
public enum JobState { Running, Paused, Cancelled }

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
    public JobState State { get; set; }
    /// <summary>Kept so files re-sent later (resume, retry) are detected with the job's own prompt.</summary>
    public string? DetectionPrompt { get; set; }
}
