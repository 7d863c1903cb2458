using System.ComponentModel.DataAnnotations;

namespace Pipeline.ServiceDefaults.Workers;

public sealed class HeartbeatOptions
{
    public const string Section = "Heartbeat";

    /// <summary>How often a worker writes its row; the dashboard calls an instance stale after three missed beats.</summary>
    [Range(1, 300)]
    public int IntervalSeconds { get; set; } = 5;
}
