using System.Security.Cryptography;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Vision;
using Xunit.Abstractions;

namespace Pipeline.Integration.Tests;

/// <summary>
/// The fault-injection suite (issue 7): one job of 2,000 images while every worker is killed (kill -9) several times and
/// replaced as Kubernetes would, and RabbitMQ and PostgreSQL are each restarted once; then the database is checked
/// against the files on disk. Its own category, run alone after the other tests (test.sh).
/// </summary>
[Trait("Category", "Fault")]
[Collection(FaultCollection.Name)]
public sealed class FaultInjectionTests(PipelineFixture fx, ITestOutputHelper output)
{
    private const int Files = 2000;
    private const int Models = 2; // the fixture's weight-free embedder and tiny CLIP
    private const string Model = "weightfree-v1";

    [Fact]
    public async Task A_job_outlives_killed_workers_and_restarted_services_with_nothing_lost_or_duplicated()
    {
        var folder = Path.Combine(fx.WorkDir, "faults");
        var files = SyntheticImages.Generate(folder, Files, groups: 8, width: 48, height: 40, seed: 7007).Select(f => f.Path).ToList();
        var schedule = new FaultSchedule(fx, Guid.NewGuid(), Files);
        var runId = Guid.NewGuid();
        await fx.SendAsync(Queues.StartIngest, new StartIngest { JobId = schedule.JobId, SourcePath = folder });
        schedule.Log("job of 2,000 images started");

        // Each stage's worker dies while it has work (its own count between 5% and 65% of the job); the services restart
        // in between; the Cluster worker dies three times inside one clustering run of the job's vectors so far.
        await Task.WhenAll(
            schedule.KillAtAsync("Ingest.Worker", p => p.Processed, 0.05, 0.20, 0.35),
            schedule.KillAtAsync("Detect.Worker", p => p.Detected, 0.10, 0.30, 0.50),
            schedule.KillAtAsync("Embed.Worker", p => p.Embedded, 0.15, 0.40, 0.65),
            KillDuringClusteringAsync(schedule, runId, kills: 3),
            RestartServicesAsync(schedule));
        var done = await schedule.WaitForAsync("the job completes", p => p.IsComplete, TimeSpan.FromMinutes(4));
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(2));
        var run = await WaitForRunAsync(runId, previousSnapshot: null, status => status is not ("Queued" or "Running"));
        schedule.Log($"job {done.Status}; clustering run {run.Status}");

        var images = await fx.Db.ListAsync<string>("SELECT path FROM images WHERE job_id = $1 ORDER BY path", schedule.JobId);
        var c = await fx.Db.CountsAsync("""
            SELECT (SELECT count(*) FROM ingest_files WHERE job_id = $1),
                   (SELECT count(*) FROM ingest_files WHERE job_id = $1 AND outcome = 'Ingested'),
                   (SELECT count(*) FROM regions WHERE job_id = $1),
                   (SELECT count(DISTINCT image_id) FROM regions WHERE job_id = $1),
                   (SELECT count(*) FROM embeddings WHERE job_id = $1),
                   (SELECT count(*) FROM images i WHERE job_id = $1 AND NOT EXISTS (SELECT 1 FROM regions r WHERE r.image_id = i.id)),
                   (SELECT count(*) FROM regions r WHERE job_id = $1 AND (SELECT count(*) FROM embeddings e WHERE e.region_id = r.id) <> $2),
                   (SELECT count(*) FROM stage_failures WHERE job_id = $1)
            """, schedule.JobId, Models);
        var errors = await fx.ErrorQueueMessagesAsync();
        var parked = string.Join(", ", (await fx.QueuesAsync()).Where(q => q.IsErrorQueue && q.Messages > 0).Select(q => $"{q.Name} {q.Messages}"));
        output.WriteLine(schedule.Summary());
        output.WriteLine($"files on disk {Files}, distinct contents {DistinctContents(files)}; ingest_files rows {c[0]} ({c[1]} ingested); " +
            $"images {images.Count} ({images.Distinct().Count()} paths); regions {c[2]} on {c[3]} images; embeddings {c[4]} ({Models} models); " +
            $"images without regions {c[5]}; regions without {Models} embeddings {c[6]}; set aside {c[7]}; error-queue messages {errors} {parked}; " +
            $"run {run.Status} on {run.Points} vectors");

        Assert.Equal(Files, DistinctContents(files)); // so every file must be exactly one image row
        Assert.Equal(files.Order(StringComparer.Ordinal), images.Order(StringComparer.Ordinal));
        Assert.Equal(("done", Files, Files), (done.Status, c[0], c[1]));
        Assert.Equal((Files, Files), (c[2], c[3]));    // the whole-image detector: exactly one region per image
        Assert.Equal(Models * Files, c[4]);
        Assert.Equal((0L, 0L, 0L, 0L), (c[5], c[6], c[7], errors));
        Assert.Equal("Succeeded", run.Status);
        Assert.Equal(12, schedule.Kills);
    }

    /// <summary>Asks for a k-means run of the job's vectors so far, and kills the Cluster worker each time it is running it.</summary>
    private async Task KillDuringClusteringAsync(FaultSchedule schedule, Guid runId, int kills)
    {
        await schedule.WaitForAsync("vectors to cluster", p => p.Embedded >= 0.1 * Files, TimeSpan.FromMinutes(3));
        await fx.SendAsync(Queues.ClusteringRequested, new ClusteringRequested
        {
            RunId = runId, Model = Model, JobId = schedule.JobId, Algorithm = "kmeans", Seed = 7,
            Parameters = new Dictionary<string, string> { ["n_clusters"] = "8", ["n_init"] = "200" },
        });
        Guid? snapshot = null;
        for (var k = 0; k < kills; k++)
        {
            // A redelivered request takes a new snapshot: that is how a replacement worker is seen to have picked it up.
            var run = await WaitForRunAsync(runId, snapshot, status => status == "Running");
            snapshot = run.Snapshot;
            await schedule.KillAsync("Cluster.Worker", $"in clustering run ({run.Phase ?? "starting"}, {run.Points?.ToString() ?? "?"} vectors)");
        }
    }

    private static async Task RestartServicesAsync(FaultSchedule schedule)
    {
        await schedule.WaitForAsync("25% embedded", p => p.Embedded >= 0.25 * Files, TimeSpan.FromMinutes(3));
        await schedule.RestartAsync("RabbitMQ", f => f.RestartBrokerAsync());
        await schedule.WaitForAsync("55% embedded", p => p.Embedded >= 0.55 * Files, TimeSpan.FromMinutes(3));
        await schedule.RestartAsync("PostgreSQL", f => f.RestartDatabaseAsync());
    }

    private sealed record RunState(string Status, Guid? Snapshot, string? Phase, long? Points);

    private async Task<RunState> WaitForRunAsync(Guid runId, Guid? previousSnapshot, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var row = await FaultSchedule.TolerantAsync(async () =>
            {
                await using var cmd = fx.Db.CreateCommand("""
                    SELECT r.status, r.snapshot_id, r.phase, s.point_count FROM cluster_runs r LEFT JOIN snapshots s ON s.id = r.snapshot_id WHERE r.id = $1
                    """);
                cmd.Parameters.AddWithValue(runId);
                await using var r = await cmd.ExecuteReaderAsync();
                return await r.ReadAsync()
                    ? new RunState(r.GetString(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3))
                    : null;
            });
            if (row is not null && until(row.Status) && row.Snapshot != previousSnapshot) return row;
            await Task.Delay(20);
        }
        throw new TimeoutException($"clustering run {runId} did not reach the awaited state\n{fx.Logs()}");
    }

    private static int DistinctContents(IEnumerable<string> files) =>
        files.Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).Distinct().Count();
}
