namespace Pipeline.Storage.Entities;

/// <summary>
/// A long collection-wide job a worker carries out on request (training or applying a noise filter, running an
/// adapter): what it is, how far it has got and how it ended, so the CLI and the dashboard can follow it.
/// </summary>
public sealed class BackgroundTask
{
    public Guid Id { get; set; }
    /// <summary>"noise-train", "noise-apply" or "adapter".</summary>
    public required string Kind { get; set; }
    /// <summary>What it works on, for people: the model (and target model for an adapter).</summary>
    public required string Subject { get; set; }
    public RunStatus Status { get; set; }
    public long Done { get; set; }
    public long? Total { get; set; }
    /// <summary>The latest progress line, or the outcome once it has ended.</summary>
    public string? Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}
