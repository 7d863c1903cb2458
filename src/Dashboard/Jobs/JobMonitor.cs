using System.Diagnostics;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Dashboard.Jobs;

/// <summary>A job's latest counts with its rates and ETA, as the Jobs page shows them.</summary>
public sealed record JobView(JobProgress Job, JobRates Rates);

/// <summary>
/// Reads the recent jobs' counts for every open Jobs page (one reader at a time, shared) and keeps the last minute of
/// samples per job for rates. Counting a job of a million images takes seconds, so a job is re-read no sooner than five
/// times its last read took (at least every second while it runs, every 30 s once ended): the page stays live and the
/// database is never busy counting more than a fifth of the time.
/// </summary>
public sealed class JobMonitor(ProgressQueries progress, TimeProvider clock)
{
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan EndedRefresh = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _reader = new(1, 1);
    private readonly Dictionary<Guid, Entry> _jobs = [];
    private IReadOnlyList<JobView> _views = [];

    private sealed class Entry
    {
        public JobProgress? Progress;
        public DateTimeOffset ReadAt;
        public TimeSpan ReadTook;
        public readonly List<JobSample> Samples = [];
        public JobRates Rates = JobRates.None;
    }

    public async Task<IReadOnlyList<JobView>> RecentAsync(int limit, CancellationToken ct)
    {
        // Another page is reading right now: its answer is a second old at most.
        if (!await _reader.WaitAsync(0, ct)) return _views;
        try
        {
            var recent = await progress.RecentJobsAsync(limit, ct);
            var views = new List<JobView>(recent.Count);
            foreach (var (jobId, state) in recent)
            {
                if (!_jobs.TryGetValue(jobId, out var entry)) _jobs[jobId] = entry = new Entry();
                if (Due(entry, state)) await ReadAsync(jobId, entry, ct);
                if (entry.Progress is not null) views.Add(new JobView(entry.Progress, entry.Rates));
            }
            foreach (var gone in _jobs.Keys.Except(recent.Select(r => r.JobId)).ToList()) _jobs.Remove(gone);
            return _views = views;
        }
        finally
        {
            _reader.Release();
        }
    }

    private bool Due(Entry entry, JobState state)
    {
        if (entry.Progress is null || entry.Progress.State != state) return true;
        var wait = entry.Progress.IsComplete ? EndedRefresh : TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, 5 * entry.ReadTook.Ticks));
        return clock.GetUtcNow() - entry.ReadAt >= wait;
    }

    private async Task ReadAsync(Guid jobId, Entry entry, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var p = await progress.GetAsync(jobId, ct);
        entry.ReadTook = Stopwatch.GetElapsedTime(started);
        entry.ReadAt = clock.GetUtcNow();
        entry.Progress = p;
        if (p is null) return;
        entry.Rates = Observe(entry.Samples, p, entry.ReadAt);
    }

    /// <summary>Adds a sample, forgets those older than the rate window, and returns the rates and ETA they give.</summary>
    public static JobRates Observe(List<JobSample> samples, JobProgress p, DateTimeOffset now)
    {
        if (p.IsComplete)
        {
            samples.Clear();
            return JobRates.None;
        }
        if (samples.Count == 0 || now - samples[^1].At >= MinimumGap) samples.Add(new JobSample(now, StageCounts.Of(p)));
        samples.RemoveAll(s => now - s.At > JobRateMath.Window);
        var perMinute = JobRateMath.PerMinute(samples);
        return new JobRates(perMinute, JobRateMath.Eta(p, perMinute));
    }
}
