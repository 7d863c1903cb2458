namespace Pipeline.Contracts;

/// <summary>Command: ingest every image under a folder as one job.</summary>
public record StartIngest
{
    public required Guid JobId { get; init; }
    public required string SourcePath { get; init; }
    /// <summary>What the detector looks for in this job ("cat. dog."); the Detect worker's default when null.</summary>
    public string? DetectionPrompt { get; init; }
}

/// <summary>Internal command: one slice of a job's files, so no consumer runs for hours and the work spreads over instances.</summary>
public record IngestFiles
{
    public required Guid JobId { get; init; }
    public required IReadOnlyList<string> Paths { get; init; }
    public string? DetectionPrompt { get; init; }
}

/// <summary>Event: an image is stored (first time its content was seen).</summary>
public record ImageIngested
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required string Path { get; init; }
    public required string ThumbnailPath { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public string? DetectionPrompt { get; init; }
}

/// <summary>Which of a job's recorded files <see cref="RequeueFiles"/> sends through ingest again.</summary>
public enum RequeueKind { Deferred, Failed }

/// <summary>Command: send a job's deferred files (resume) or failed files (retry) through ingest again.</summary>
public record RequeueFiles
{
    public required Guid JobId { get; init; }
    public required RequeueKind Kind { get; init; }
}
