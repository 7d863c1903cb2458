using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Dashboard.Jobs;

/// <summary>A job's cumulative counts at one moment, or (as a rate) per minute.</summary>
public readonly record struct StageCounts(double Files, double Ingested, double Detected, double Regions, double Embedded, double Failed)
{
    public static StageCounts Of(JobProgress p) =>
        new(p.Processed, p.Ingested, p.Detected + p.DetectFailed, p.Regions, p.Embedded + p.EmbedFailed, p.AllFailed);
}

public readonly record struct JobSample(DateTimeOffset At, StageCounts Counts);

/// <summary>Per-minute rates over the last minute (null until two samples a second apart) and the time left (null when unknown).</summary>
public sealed record JobRates(StageCounts? PerMinute, TimeSpan? Eta)
{
    public static readonly JobRates None = new(null, null);
}

/// <summary>Turns samples of a job's counts into rates and an ETA. Pure: the sampler feeds it, tests call it directly.</summary>
public static class JobRateMath
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The change between the oldest and newest sample, scaled to a minute; samples are oldest first.</summary>
    public static StageCounts? PerMinute(IReadOnlyList<JobSample> samples)
    {
        if (samples.Count < 2) return null;
        var (first, last) = (samples[0], samples[^1]);
        var minutes = (last.At - first.At).TotalMinutes;
        if (minutes < 1.0 / 60) return null;
        double Rate(Func<StageCounts, double> stage) => Math.Max(0, stage(last.Counts) - stage(first.Counts)) / minutes;
        return new StageCounts(Rate(c => c.Files), Rate(c => c.Ingested), Rate(c => c.Detected), Rate(c => c.Regions),
            Rate(c => c.Embedded), Rate(c => c.Failed));
    }

    /// <summary>
    /// When the slowest stage will be done at its current rate. Work still upstream is projected with the job's own
    /// ratios so far (new images per file, regions per image). Null for a job that is not running, whose total is
    /// not known yet, or where a stage with work left has no rate.
    /// </summary>
    public static TimeSpan? Eta(JobProgress p, StageCounts? perMinute)
    {
        if (p.IsComplete || p.State != JobState.Running || p.TotalFiles is not { } total || perMinute is not { } rate) return null;
        double filesLeft = Math.Max(0, total - p.Processed);
        var imagesPerFile = p.Processed > 0 ? (double)p.Ingested / p.Processed : 1;
        var imagesLeft = Math.Max(0, p.Ingested + filesLeft * imagesPerFile - p.Detected - p.DetectFailed);
        var regionsPerImage = p.Detected > 0 ? (double)p.Regions / p.Detected : 1;
        var regionsLeft = Math.Max(0, p.Regions + imagesLeft * regionsPerImage - p.Embedded - p.EmbedFailed);
        double? longest = 0;
        foreach (var minutes in new[] { Minutes(filesLeft, rate.Files), Minutes(imagesLeft, rate.Detected), Minutes(regionsLeft, rate.Embedded) })
            longest = minutes is null || longest is null ? null : Math.Max(longest.Value, minutes.Value);
        return longest is { } m ? TimeSpan.FromMinutes(m) : null;
    }

    private static double? Minutes(double left, double perMinute) => left <= 0 ? 0 : perMinute > 0 ? left / perMinute : null;
}
