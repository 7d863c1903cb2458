using System.Globalization;
using Pipeline.Storage.Entities;

namespace Pipeline.Dashboard.Clusters;

/// <summary>How a run's state and timing read on the pages.</summary>
public static class RunText
{
    public static string State(ClusterRun r) =>
        r.Status == RunStatus.Running && r.Phase is not null ? $"{r.Phase} {(r.Progress ?? 0) * 100:F0}%"
        : r.Error is null ? r.Status.ToString() : $"{r.Status}: {r.Error}";

    public static string Seconds(ClusterRun r) => r.Seconds is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) : "";
}
