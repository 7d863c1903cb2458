namespace Pipeline.Storage.Entities;

/// <summary>
/// One running worker process, as its last heartbeat described it: what it serves and how fast it consumes. A row whose
/// heartbeat stopped belongs to a process that died; a graceful stop deletes its row.
/// </summary>
public sealed class WorkerInstance
{
    public Guid InstanceId { get; set; }
    public required string Service { get; set; }
    public required string Host { get; set; }
    public string[] Models { get; set; } = [];
    public int BatchSize { get; set; }
    public int Prefetch { get; set; }
    /// <summary>Messages this process finished in the minute before <see cref="SeenAt"/>.</summary>
    public int MessagesLastMinute { get; set; }
    /// <summary>Messages this process finished since it started: its share of a queue's work, for competing consumers.</summary>
    public long MessagesTotal { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset SeenAt { get; set; }

    /// <summary>Messages per second over the last minute, or over the time it has run when that is shorter.</summary>
    public double MessagesPerSecond => MessagesLastMinute / Math.Clamp((SeenAt - StartedAt).TotalSeconds, 1, 60);
}
