using Pipeline.Dashboard.Jobs;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Dashboard.Tests;

public class JobRateMathTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    internal static JobProgress Job(long processed, long detected, long regions, long embedded, int? total = 1000,
        JobState state = JobState.Running, long failed = 0) =>
        new(Guid.NewGuid(), "/data", T0, T0, total, null, processed, processed - failed, 0, failed, detected, regions, embedded, 0, 0, state);

    private static JobSample Sample(double seconds, JobProgress p) => new(T0.AddSeconds(seconds), StageCounts.Of(p));

    [Fact]
    public void Rates_are_the_change_over_the_window_scaled_to_a_minute()
    {
        var rate = JobRateMath.PerMinute([Sample(0, Job(100, 50, 100, 40)), Sample(15, Job(150, 60, 120, 50)), Sample(30, Job(200, 80, 160, 70))]);

        Assert.Equal(new StageCounts(200, 200, 60, 120, 60, 0), rate);
    }

    [Fact]
    public void No_rate_from_a_single_sample_or_samples_too_close_together()
    {
        Assert.Null(JobRateMath.PerMinute([Sample(0, Job(1, 0, 0, 0))]));
        Assert.Null(JobRateMath.PerMinute([Sample(0, Job(1, 0, 0, 0)), Sample(0.2, Job(5, 0, 0, 0))]));
    }

    [Fact]
    public void Eta_is_set_by_the_slowest_stage_with_upstream_work_projected()
    {
        // 500 files left at 100/min = 5 min; images: 500 done + 500 projected - 400 detected = 600 at 50/min = 12 min;
        // regions: 400 + 600 * 1 more - 400 embedded = 600 at 300/min = 2 min.
        var job = Job(500, 400, 400, 400);
        var eta = JobRateMath.Eta(job, new StageCounts(100, 100, 50, 50, 300, 0));

        Assert.Equal(TimeSpan.FromMinutes(12), eta);
    }

    [Fact]
    public void No_eta_while_paused_done_unlisted_or_a_stage_with_work_has_no_rate()
    {
        var rate = new StageCounts(100, 100, 100, 100, 100, 0);
        Assert.Null(JobRateMath.Eta(Job(500, 400, 400, 400, state: JobState.Paused), rate));
        Assert.Null(JobRateMath.Eta(Job(1000, 1000, 1000, 1000), rate));
        Assert.Null(JobRateMath.Eta(Job(500, 400, 400, 400, total: null), rate));
        Assert.Null(JobRateMath.Eta(Job(500, 400, 400, 400), rate with { Detected = 0 }));
        Assert.Null(JobRateMath.Eta(Job(500, 400, 400, 400), null));
    }

    [Fact]
    public void A_stage_with_nothing_left_needs_no_rate()
    {
        // Every file read, detection caught up; only embedding remains: 100 regions at 50/min.
        var eta = JobRateMath.Eta(Job(1000, 1000, 1000, 900), new StageCounts(0, 0, 0, 0, 50, 0));

        Assert.Equal(TimeSpan.FromMinutes(2), eta);
    }

    [Fact]
    public void Samples_older_than_a_minute_are_forgotten()
    {
        var samples = new List<JobSample>();
        JobMonitor.Observe(samples, Job(0, 0, 0, 0), T0);
        JobMonitor.Observe(samples, Job(1000, 0, 0, 0), T0.AddSeconds(30));
        var rates = JobMonitor.Observe(samples, Job(1000, 0, 0, 0), T0.AddSeconds(90));

        // Only the samples at 30 s and 90 s remain: nothing read in the last minute.
        Assert.Equal(2, samples.Count);
        Assert.Equal(0, rates.PerMinute!.Value.Files);
    }
}
