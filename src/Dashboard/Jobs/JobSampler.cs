using System.Collections.Concurrent;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Jobs;

/// <summary>
/// Remembers the last minute of each unfinished job's counts, as the Jobs page loads them every second (several open
/// pages share it), and turns them into rates and an ETA.
/// </summary>
public sealed class JobSampler(TimeProvider clock)
{
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(500);
    private readonly ConcurrentDictionary<Guid, List<JobSample>> _samples = new();

    public JobRates Observe(JobProgress p)
    {
        if (p.IsComplete)
        {
            _samples.TryRemove(p.JobId, out _);
            return JobRates.None;
        }
        var now = clock.GetUtcNow();
        var samples = _samples.GetOrAdd(p.JobId, _ => []);
        StageCounts? perMinute;
        lock (samples)
        {
            if (samples.Count == 0 || now - samples[^1].At >= MinimumGap) samples.Add(new JobSample(now, StageCounts.Of(p)));
            samples.RemoveAll(s => now - s.At > JobRateMath.Window);
            perMinute = JobRateMath.PerMinute(samples);
        }
        return new JobRates(perMinute, JobRateMath.Eta(p, perMinute));
    }
}
