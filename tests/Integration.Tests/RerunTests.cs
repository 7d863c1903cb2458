using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>Re-running an interrupted job's folder does what is missing, and only that (issue 7, item 5).</summary>
[Collection(PipelineCollection.Name)]
public sealed class RerunTests(PipelineFixture fx)
{
    private const int Done = 60, Files = 240;
    private ProgressQueries Progress => new(fx.Db);

    [Fact]
    public async Task Rerunning_an_interrupted_folder_detects_and_embeds_only_what_is_missing()
    {
        // A third of the folder went through a first job; a second job over all of it is interrupted: Detect is down,
        // Ingest is killed after its first slices and the job is cancelled, so it leaves images stored but never
        // detected, and files never read.
        var folder = Path.Combine(fx.WorkDir, "rerun");
        SyntheticImages.Generate(Path.Combine(folder, "first"), Done, groups: 4, width: 48, height: 40, seed: 7101);
        SyntheticImages.Generate(Path.Combine(folder, "rest"), Files - Done, groups: 4, width: 48, height: 40, seed: 7102);
        await fx.IngestAsync(Path.Combine(folder, "first"));
        await fx.KillAsync("Detect.Worker", () => Task.FromResult(true));
        var interrupted = Guid.NewGuid();
        await fx.SendAsync(Queues.StartIngest, new StartIngest { JobId = interrupted, SourcePath = folder });
        await fx.KillAsync("Ingest.Worker", async () => (await Progress.GetAsync(interrupted, default))?.Ingested > 0);
        await new JobControl(new JobControlStore(fx.Db), (command, _) => fx.SendAsync(Queues.RequeueFiles, command))
            .ApplyAsync(interrupted, JobAction.Cancel, default);
        await Task.WhenAll(fx.RestartAsync("Ingest.Worker"), fx.RestartAsync("Detect.Worker"));
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(2));
        var cut = (await Progress.GetAsync(interrupted, default))!;
        Assert.Equal(("cancelled", 0L), (cut.Status, cut.Detected));
        // What it stored: its ingested files, plus any slice the kill cut between storing images and recording files
        // (redelivered after the cancel, those files are recorded as cancelled; their images stay).
        var stored = (await fx.Db.CountsAsync("SELECT count(*) FROM images WHERE job_id = $1", interrupted))[0];
        Assert.InRange(stored, cut.Ingested, Files - Done - 1);
        var (detectBefore, embedBefore) = (await fx.PublishedToAsync("image-ingested"), await fx.PublishedToAsync("region-detected"));

        var rerun = await fx.IngestAsync(folder);
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(2));

        // The first job's images are skipped as stored and finished; the interrupted job's stored images and the files
        // it never read go through Detect and Embed once each.
        var missing = Files - Done;
        Assert.Equal(("done", Done + stored, missing - stored), (rerun.Status, rerun.Duplicates, rerun.Ingested));
        Assert.Equal(missing, await fx.PublishedToAsync("image-ingested") - detectBefore);
        Assert.Equal(missing, await fx.PublishedToAsync("region-detected") - embedBefore);
        var c = await fx.Db.CountsAsync("""
            SELECT count(*), count(DISTINCT content_hash),
                   (SELECT count(*) FROM regions r JOIN images i ON i.id = r.image_id WHERE i.path LIKE $1),
                   (SELECT count(*) FROM embeddings e JOIN images i ON i.id = e.image_id WHERE i.path LIKE $1)
            FROM images WHERE path LIKE $1
            """, folder + "/%");
        Assert.Equal([Files, Files, Files, 2L * Files], c);
    }
}
