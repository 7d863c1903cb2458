using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Storage.Entities;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>Pause, resume, cancel and retry through the real workers: nothing accepted is lost or counted twice.</summary>
[Collection(PipelineCollection.Name)]
public sealed class JobControlTests(PipelineFixture fx)
{
    private const int Files = 400;
    private JobControl Control => new(new JobControlStore(fx.Db), (command, _) => fx.SendAsync(Queues.RequeueFiles, command));
    private ProgressQueries Progress => new(fx.Db);

    [Fact]
    public async Task A_job_paused_midway_holds_its_files_back_and_completes_once_resumed()
    {
        var jobId = await StartAndPauseMidwayAsync("pause-resume", seed: 301);
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(2));

        var paused = (await Progress.GetAsync(jobId, default))!;
        Assert.Equal(("paused", false), (paused.Status, paused.IsComplete));
        Assert.True(paused.Deferred > 0, $"nothing was held back: {paused}");
        Assert.Equal(Files, paused.Processed + paused.Deferred);

        await Control.ApplyAsync(jobId, JobAction.Resume, default);
        var done = await WaitAsync(jobId, p => p.IsComplete);

        Assert.Equal(("done", Files, Files, 0L, 0L), (done.Status, done.Processed, done.Ingested, done.Deferred, done.Failed));
        Assert.Equal(Files, await CountAsync("SELECT count(*) FROM images WHERE job_id = $1", jobId));
        Assert.Equal(Files, await CountAsync("SELECT count(DISTINCT image_id) FROM regions WHERE job_id = $1", jobId));
        // Each region embedded once per model, however often its slice went round.
        Assert.Equal(2 * done.Regions, await CountAsync("SELECT count(*) FROM embeddings WHERE job_id = $1", jobId));
    }

    [Fact]
    public async Task A_cancelled_job_ends_and_takes_no_further_files()
    {
        var jobId = await StartAndPauseMidwayAsync("cancel", seed: 302);
        var (exit, output) = await fx.RunCliAsync("job", "cancel", jobId.ToString());
        Assert.True(exit == 0, output);
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(2));

        var ended = (await Progress.GetAsync(jobId, default))!;
        Assert.Equal(("cancelled", true, 0L), (ended.Status, ended.IsComplete, ended.Deferred));
        Assert.True(ended.Cancelled > 0, $"nothing was cancelled: {ended}");
        Assert.Equal(Files, ended.Processed + ended.Cancelled);
        Assert.Equal(ended.Ingested, await CountAsync("SELECT count(*) FROM images WHERE job_id = $1", jobId));

        var (again, refused) = await fx.RunCliAsync("job", "resume", jobId.ToString());
        Assert.Equal(1, again);
        Assert.Contains("cannot resume a job that is cancelled", refused);
        Assert.Equal(0, await fx.ErrorQueueMessagesAsync());
    }

    [Fact]
    public async Task Retrying_failed_files_ingests_the_fixed_one_and_fails_the_broken_one_once_more()
    {
        var folder = Path.Combine(fx.WorkDir, "retry");
        SyntheticImages.Generate(folder, 3, groups: 1, seed: 303);
        var (fixedFile, broken) = (Path.Combine(folder, "fixed.jpg"), Path.Combine(folder, "broken.jpg"));
        await File.WriteAllTextAsync(fixedFile, "not an image yet");
        await File.WriteAllTextAsync(broken, "not an image");
        var first = await fx.IngestAsync(folder);
        Assert.Equal((2L, 3L), (first.Failed, first.Ingested));

        var replacement = SyntheticImages.Generate(Path.Combine(fx.WorkDir, "retry-source"), 1, groups: 1, seed: 304).Single();
        File.Copy(replacement.Path, fixedFile, overwrite: true);
        await Control.ApplyAsync(first.JobId, JobAction.Retry, default);
        var done = await WaitAsync(first.JobId, p => p.Ingested == 4 && p.IsComplete);

        Assert.Equal((5L, 4L, 1L), (done.Processed, done.Ingested, done.Failed));
        var failure = Assert.Single(await Progress.FailuresAsync(first.JobId, 10, default));
        Assert.Equal(("ingest", broken), (failure.Stage, failure.Path));
    }

    [Fact]
    public async Task A_folder_outside_the_allowed_roots_is_refused_and_recorded_as_the_jobs_error()
    {
        var outside = Directory.CreateTempSubdirectory("pipeline-outside-").FullName;
        try
        {
            SyntheticImages.Generate(outside, 2, groups: 1, seed: 305);
            var link = Path.Combine(fx.WorkDir, "escape");
            Directory.CreateSymbolicLink(link, outside);

            var job = await fx.IngestAsync(link);

            Assert.Contains("outside the allowed roots", job.Error);
            Assert.Equal(0, await CountAsync("SELECT count(*) FROM images WHERE job_id = $1", job.JobId));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    /// <summary>Starts a job of <see cref="Files"/> images and pauses it as soon as its first files are recorded.</summary>
    private async Task<Guid> StartAndPauseMidwayAsync(string name, int seed)
    {
        var folder = Path.Combine(fx.WorkDir, name);
        SyntheticImages.Generate(folder, Files, groups: 4, width: 64, height: 48, seed: seed);
        var jobId = Guid.NewGuid();
        await fx.SendAsync(Queues.StartIngest, new StartIngest { JobId = jobId, SourcePath = folder });
        await WaitAsync(jobId, p => p.Processed > 0, pollMs: 10);
        await Control.ApplyAsync(jobId, JobAction.Pause, default);
        return jobId;
    }

    private async Task<JobProgress> WaitAsync(Guid jobId, Func<JobProgress, bool> until, int pollMs = 250)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (await Progress.GetAsync(jobId, default) is { } p && until(p)) return p;
            await Task.Delay(pollMs);
        }
        throw new TimeoutException($"job {jobId}: {await Progress.GetAsync(jobId, default)}\n{fx.Logs()}");
    }

    private async Task<long> CountAsync(string sql, Guid jobId)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(jobId);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
