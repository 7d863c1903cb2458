using Pipeline.Clustering;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Storage.Entities;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

[Collection(PipelineCollection.Name)]
public sealed class EndToEndTests(PipelineFixture fx)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_folder_flows_through_all_workers_and_clusters_into_its_visual_groups()
    {
        var folder = Path.Combine(fx.WorkDir, "groups");
        var images = SyntheticImages.Generate(folder, 300, groups: 8);
        var bad = WriteCorruptFiles(folder);

        var job = await fx.IngestAsync(folder);

        Assert.Null(job.Error);
        Assert.Equal(images.Count + bad.Length, job.TotalFiles);
        Assert.Equal(images.Count, job.Ingested);
        Assert.Equal(bad.Length, job.Failed);
        Assert.Equal(images.Count, job.Detected);
        Assert.Equal(images.Count, job.Regions);
        Assert.Equal(images.Count, job.Embedded);
        Assert.Equal(images.Count, await CountAsync("images", job.JobId));
        Assert.Equal(images.Count, await CountAsync("embeddings", job.JobId, "weightfree-v1"));
        Assert.Equal(images.Count, await CountAsync("embeddings", job.JobId, PipelineFixture.TinyClip));

        var failures = await new ProgressQueries(fx.Db).FailuresAsync(job.JobId, 10, default);
        Assert.Equal(bad.Order(), failures.Select(f => Path.GetFileName(f.Path)).Order());
        Assert.All(failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));

        var run = await ClusterAsync(job.JobId, "hdbscan", new() { ["min_cluster_size"] = "10" });
        Assert.Equal(RunStatus.Succeeded, run.Status);
        var assigned = await new ClusterStore(fx.Db).AssignmentsAsync(run.Id, default);
        Assert.Equal(images.Count, assigned.Count);
        var truth = images.ToDictionary(i => Path.GetFullPath(i.Path), i => i.Group);
        var ami = ClusteringMetrics.AdjustedMutualInformation(
            assigned.Select(a => truth[a.Path]).ToArray(), assigned.Select(a => a.Cluster).ToArray());
        Assert.True(ami >= 0.9, $"AMI {ami:F3} vs the 8 generated groups; run: {run.ClusterCount} clusters, {run.NoiseCount} noise");

        var export = Path.Combine(fx.WorkDir, "export");
        var (exit, output) = await fx.RunCliAsync("export", run.Id.ToString(), export);
        Assert.True(exit == 0, output);
        Assert.Equal(images.Count + 1, File.ReadAllLines(Path.Combine(export, "clusters.csv")).Length);
        Assert.StartsWith("path,x,y,width,height,cluster,probability,outlier_score,exemplar", File.ReadAllLines(Path.Combine(export, "clusters.csv"))[0]);
        Assert.Equal(images.Count, System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(export, "clusters.json"))).RootElement.GetArrayLength());
        Assert.Equal(run.ClusterCount + (run.NoiseCount > 0 ? 1 : 0), Directory.GetDirectories(export).Length);
        Assert.Equal(images.Count, Directory.GetDirectories(export).Sum(d => Directory.GetFiles(d).Length));

        // The same folder again: every image is a known content hash, nothing new is stored.
        var before = await CountAllAsync();
        var again = await fx.IngestAsync(folder);
        Assert.Equal(0, again.Ingested);
        Assert.Equal(images.Count, again.Duplicates);
        Assert.Equal(bad.Length, again.Failed);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task Redelivered_messages_add_no_rows()
    {
        var folder = Path.Combine(fx.WorkDir, "redelivery");
        SyntheticImages.Generate(folder, 12, groups: 3, seed: 7);
        var job = await fx.IngestAsync(folder);
        var before = await CountAllAsync();

        // Replay every stage's message for the job's images, as a broker redelivery would.
        await using var cmd = fx.Db.CreateCommand("SELECT i.id, i.path, i.thumbnail_path, i.width, i.height, r.id FROM images i JOIN regions r ON r.image_id = i.id WHERE i.job_id = $1");
        cmd.Parameters.AddWithValue(job.JobId);
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                await fx.Bus.Publish(new ImageIngested { JobId = job.JobId, ImageId = r.GetGuid(0), Path = r.GetString(1), ThumbnailPath = r.GetString(2), Width = r.GetInt32(3), Height = r.GetInt32(4) });
                await fx.Bus.Publish(new RegionDetected { JobId = job.JobId, ImageId = r.GetGuid(0), RegionId = r.GetGuid(5), ImagePath = r.GetString(1), DerivativePath = r.GetString(2), X = 0, Y = 0, Width = r.GetInt32(3), Height = r.GetInt32(4) });
            }
        await fx.Bus.Publish(new IngestFiles { JobId = job.JobId, Paths = Directory.GetFiles(folder) });
        await Task.Delay(TimeSpan.FromSeconds(1));
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(before, await CountAllAsync());
        Assert.Equal(12, (await new ProgressQueries(fx.Db).GetAsync(job.JobId, default))!.Processed);
    }

    [Fact]
    public async Task A_missing_folder_fails_the_job_with_a_reason()
    {
        var job = await fx.IngestAsync(Path.Combine(fx.WorkDir, "does-not-exist"));
        Assert.Contains("does not exist", job.Error);
    }

    [Fact]
    public async Task The_dashboard_lists_jobs_with_their_counts()
    {
        var folder = Path.Combine(fx.WorkDir, "dashboard");
        SyntheticImages.Generate(folder, 5, groups: 2, seed: 11);
        var job = await fx.IngestAsync(folder);
        var html = await fx.Http.GetStringAsync(fx.Dashboard.Url);
        Assert.Contains($"data-job=\"{job.JobId}\"", html);
        Assert.Contains(folder, html);
    }

    private async Task<ClusterRun> ClusterAsync(Guid jobId, string algorithm, Dictionary<string, string> parameters)
    {
        var runId = Guid.NewGuid();
        await fx.SendAsync(Queues.ClusteringRequested, new ClusteringRequested { RunId = runId, Model = "weightfree-v1", JobId = jobId, Algorithm = algorithm, Parameters = parameters });
        var runs = new ClusterStore(fx.Db);
        var deadline = DateTime.UtcNow + JobTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await runs.FindRunAsync(runId, default) is { Status: RunStatus.Succeeded or RunStatus.Failed } run) return run;
            await Task.Delay(250);
        }
        throw new TimeoutException($"run {runId} did not finish\n{fx.Logs()}");
    }

    private async Task<long> CountAsync(string table, Guid? jobId = null, string? model = null)
    {
        var sql = $"SELECT count(*) FROM {table}" + (jobId is null ? "" : " WHERE job_id = $1")
            + (model is null ? "" : " AND model_id = (SELECT id FROM embedding_models WHERE name = $2)");
        await using var cmd = fx.Db.CreateCommand(sql);
        if (jobId is { } id) cmd.Parameters.AddWithValue(id);
        if (model is not null) cmd.Parameters.AddWithValue(model);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<(long Images, long Regions, long Embeddings)> CountAllAsync() =>
        (await CountAsync("images"), await CountAsync("regions"), await CountAsync("embeddings"));

    private static string[] WriteCorruptFiles(string folder)
    {
        var jpeg = Directory.GetFiles(folder, "*.jpg").First();
        var bytes = File.ReadAllBytes(jpeg);
        File.WriteAllBytes(Path.Combine(folder, "truncated.jpg"), bytes[..(bytes.Length / 3)]);
        File.WriteAllBytes(Path.Combine(folder, "random.png"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "empty.jpg"), []);
        return ["truncated.jpg", "random.png", "empty.jpg"];
    }
}
