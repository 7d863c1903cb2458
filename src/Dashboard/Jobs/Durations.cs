namespace Pipeline.Dashboard.Jobs;

public static class Durations
{
    /// <summary>"2h 05m", "4m 09s", "17s": two units are as precise as a person watching a job needs.</summary>
    public static string Format(TimeSpan t) =>
        t < TimeSpan.Zero ? "0s"
        : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m"
        : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds:00}s"
        : $"{t.Seconds}s";
}
