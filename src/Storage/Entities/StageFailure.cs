namespace Pipeline.Storage.Entities;

/// <summary>
/// An image or region a later stage could not process (its file went missing or unreadable after ingest). Keyed by
/// stage and item so a redelivered batch records it once; the job counts it as handled.
/// </summary>
public sealed class StageFailure
{
    public required string Stage { get; set; }
    public Guid ItemId { get; set; }
    public Guid JobId { get; set; }
    public Guid ImageId { get; set; }
    public required string Path { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
}
