using System.Text.Json;
using Pipeline.Storage;
using Pipeline.Storage.Entities;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>Snapshots with ground truth, several algorithms compared on one, runs repeated exactly, and a run cancelled.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ClusteringEvaluationTests(PipelineFixture fx)
{
    [Fact]
    public async Task Runs_on_a_labelled_snapshot_are_scored_compared_and_reproducible()
    {
        var folder = Path.Combine(fx.WorkDir, "eval");
        var images = SyntheticImages.Generate(folder, 120, groups: 4, seed: 17);
        var job = await fx.IngestAsync(folder);
        var name = "eval-" + job.JobId.ToString()[..8];

        var (exit, output) = await fx.RunCliAsync("snapshot", "create", name, "--model", "weightfree-v1", "--job", job.JobId.ToString());
        Assert.True(exit == 0, output);
        Assert.Contains("120 vectors", output);
        (exit, output) = await fx.RunCliAsync("snapshot", "create", name, "--job", job.JobId.ToString());
        Assert.True(exit == 1 && output.Contains("exists already"), output);

        // Relative paths, as people keep label files beside their images; one key names nothing.
        var csv = Path.Combine(folder, "labels.csv");
        await File.WriteAllLinesAsync(csv, ["path,label", .. images.Select(i => $"{Path.GetFileName(i.Path)},group{i.Group}"), "not-there.jpg,x"]);
        (exit, output) = await fx.RunCliAsync("snapshot", "labels", name, csv);
        Assert.True(exit == 0, output);
        Assert.Contains("120 vectors of " + name + " labelled, 1 keys matched nothing", output);

        (exit, output) = await fx.RunCliAsync("compare", name, "--seed", "5",
            "-r", "hdbscan min_cluster_size=5", "-r", "kmeans n_clusters=4 pca=16 n_init=10", "-r", "dbscan min_samples=5",
            "-r", "hdbscan min_cluster_size=5 pca=16 umap=4");
        Assert.True(exit == 0, output + fx.Logs());
        Assert.Contains("AMI", output);
        Assert.Contains("noise counted as one cluster", output);

        var snapshot = (await new SnapshotStore(fx.Db).FindAsync(name, default))!;
        var runs = await new ClusterStore(fx.Db).RunsOfSnapshotAsync(snapshot.Id, default);
        Assert.Equal(["dbscan", "hdbscan", "hdbscan", "kmeans"], runs.Select(r => r.Algorithm).Order());
        foreach (var run in runs)
        {
            Assert.Equal(RunStatus.Succeeded, run.Status);
            using var scores = JsonDocument.Parse(run.Scores ?? throw new Xunit.Sdk.XunitException($"{run.Algorithm} has no scores"));
            Assert.Equal(120, scores.RootElement.GetProperty("Labelled").GetInt32());
            Assert.Equal(4, scores.RootElement.GetProperty("Classes").GetInt32());
        }
        var kmeans = runs.Single(r => r.Algorithm == "kmeans");
        var page = await fx.Http.GetStringAsync(new Uri(fx.Dashboard.Url, "runs"));
        Assert.All(runs, r => Assert.Contains($"data-run=\"{r.Id}\"", page));
        var kmeansScores = JsonDocument.Parse(kmeans.Scores!).RootElement;
        Assert.True(kmeansScores.GetProperty("Ami").GetDouble() > 0.9, kmeans.Scores);

        // The same snapshot, parameters and seed give the same assignment, vector for vector.
        (exit, output) = await fx.RunCliAsync("cluster", "--snapshot", name, "-a", "kmeans", "--k", "4", "--pca", "16", "-p", "n_init=10", "--seed", "5", "--wait");
        Assert.True(exit == 0, output);
        var again = (await new ClusterStore(fx.Db).RunsOfSnapshotAsync(snapshot.Id, default)).Single(r => r.Algorithm == "kmeans" && r.Id != kmeans.Id);
        var store = new ClusterStore(fx.Db);
        Assert.Equal(await store.LabelsAsync(kmeans.Id, default), await store.LabelsAsync(again.Id, default));

        (exit, output) = await fx.RunCliAsync("eval", kmeans.Id.ToString(), "--noise", "Exclude");
        Assert.True(exit == 0, output);
        Assert.Contains(kmeansScores.GetProperty("Ami").GetDouble().ToString("F3", System.Globalization.CultureInfo.InvariantCulture), output);
        Assert.Contains("excluded", output);
    }

    [Fact]
    public async Task A_running_clustering_can_be_cancelled_and_a_queued_one_never_starts()
    {
        // OPTICS with unbounded eps is quadratic: 50k vectors keep the worker busy long enough to be stopped. They are
        // copied in under a model registered by hand, without the HNSW index whose upkeep would dominate the test.
        var model = "cancel-" + Guid.NewGuid().ToString("N")[..8];
        await fx.SeedModelAsync(model, 16, 50_000, "(SELECT array_agg(random())::real[] FROM generate_series(1, 16) d WHERE g.n > 0)");

        var (exit, output) = await fx.RunCliAsync("cluster", "--model", model, "-a", "optics", "--min-samples", "5");
        Assert.True(exit == 0, output);
        var runId = Guid.Parse(output.Split(' ')[1]);
        var runs = new ClusterStore(fx.Db);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await runs.FindRunAsync(runId, default))?.Phase != "clustering" && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal("clustering", (await runs.FindRunAsync(runId, default))?.Phase);

        (exit, output) = await fx.RunCliAsync("cluster", "cancel", runId.ToString());
        Assert.True(exit == 0, output);
        ClusterRun? run;
        while ((run = await runs.FindRunAsync(runId, default))!.Status == RunStatus.Running && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal((RunStatus.Cancelled, "cancelled on request"), (run.Status, run.Error));
        (exit, output) = await fx.RunCliAsync("cluster", "cancel", runId.ToString());
        Assert.True(exit == 1 && output.Contains("not queued or running"), output);

        // Cancelled while still queued: the worker ends it without reading a vector.
        var queued = Guid.NewGuid();
        await runs.RequestAsync(queued, "hdbscan", "{}", 0, default);
        Assert.True(await runs.RequestCancelAsync(queued, default));
        await fx.SendAsync(Pipeline.Contracts.Queues.ClusteringRequested,
            new Pipeline.Contracts.ClusteringRequested { RunId = queued, Model = model, Algorithm = "hdbscan" });
        while ((run = await runs.FindRunAsync(queued, default))!.Status is RunStatus.Queued or RunStatus.Running && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Equal((RunStatus.Cancelled, "cancelled before it started"), (run.Status, run.Error));
    }
}
