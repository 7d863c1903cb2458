using System.Globalization;
using System.Net.Http.Json;

namespace Pipeline.Integration.Tests;

/// <summary>
/// Label, train and apply the noise filter (from the command line and the API; a Cluster worker does the work), with the
/// worker killed halfway through the apply and replaced.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class NoiseFilterTests(PipelineFixture fx)
{
    private const int Vectors = 30_000;

    [Fact]
    public async Task A_filter_trained_on_labels_is_applied_to_every_vector_and_resumes_after_a_kill()
    {
        // Keep-worthy vectors lean one way in their first four dimensions, noise the other way (every third one).
        var model = "noise-" + Guid.NewGuid().ToString("N")[..8];
        await fx.SeedModelAsync(model, 16, Vectors, """
            (SELECT array_agg(CASE WHEN d <= 4 THEN (CASE WHEN g.n % 3 = 0 THEN -1 ELSE 1 END) ELSE 0 END + random() - 0.5)::real[]
             FROM generate_series(1, 16) d)
            """);
        var truth = await TruthAsync(model);

        var csv = Path.Combine(fx.WorkDir, $"{model}.csv");
        // Most labels come from a CSV; a few more arrive through the API, as the dashboard sends them.
        await File.WriteAllLinesAsync(csv, ["region,keep", .. truth.Take(280).Select(t => $"{t.Region},{(t.Keep ? "keep" : "exclude")}")]);
        var (exit, output) = await fx.RunCliAsync("noise", "label", csv);
        Assert.True(exit == 0, output);
        Assert.Contains("280 regions labelled", output);
        foreach (var keep in new[] { true, false })
        {
            var ids = truth.Skip(280).Take(20).Where(t => t.Keep == keep).Select(t => t.Region).ToArray();
            var response = await fx.Http.PostAsJsonAsync(new Uri(fx.Dashboard.Url, "api/curation/labels"), new { ids, keep });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        // Trained through the API; an untrained model's apply, and training a model with no labels, fail with their reason.
        var trained = await RequestTaskAsync($"api/curation/filter/{model}/train", new { trees = 100 });
        Assert.True(trained.GetProperty("status").GetString() == "Succeeded", trained.ToString());
        var f1 = double.Parse(trained.GetProperty("message").GetString()!.Split("weighted F1 ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(f1 > 0.95, trained.ToString());
        var unlabelled = "noise-" + Guid.NewGuid().ToString("N")[..8];
        await fx.SeedModelAsync(unlabelled, 4, 10, "(SELECT array_agg(random())::real[] FROM generate_series(1, 4) d WHERE g.n > 0)");
        (exit, output) = await fx.RunCliAsync("noise", "apply", "--model", unlabelled);
        Assert.Equal(1, exit);
        Assert.Contains($"no noise filter for {unlabelled}", output);
        Assert.Equal("Failed", (await RequestTaskAsync($"api/curation/filter/{unlabelled}/train", new { })).GetProperty("status").GetString());
        var refused = await fx.Http.PostAsJsonAsync(new Uri(fx.Dashboard.Url, $"api/curation/filter/{model}/train"), new { trees = 0 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);

        // Applied from the command line in small batches; the worker is killed once some have committed, and replaced.
        var apply = fx.RunCliAsync("noise", "apply", "--model", model, "--batch", "100");
        await fx.KillAsync("Cluster.Worker", async () => await AppliedUpToAsync(model) > 0);
        var halfway = await AppliedUpToAsync(model);
        Assert.InRange(halfway, 1, truth[^1].Id - 1);
        await fx.RestartAsync("Cluster.Worker");
        (exit, output) = await apply;
        Assert.True(exit == 0, output);
        Assert.Contains("resumed after vector", output);
        Assert.Equal(truth[^1].Id, await AppliedUpToAsync(model));

        var kept = await TruthAsync(model, flags: true);
        var agree = truth.Zip(kept).Count(p => p.First.Keep == p.Second.Keep);
        Assert.True(agree >= Vectors * 0.97, $"{agree} of {Vectors} kept flags agree with the planted classes");
        await using var counts = fx.Db.CreateCommand("SELECT kept_count + excluded_count FROM noise_filters f JOIN embedding_models m ON m.id = f.model_id WHERE m.name = $1");
        counts.Parameters.AddWithValue(model);
        Assert.Equal((long)Vectors, (long)(await counts.ExecuteScalarAsync())!);
        var status = await fx.Http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri(fx.Dashboard.Url, $"api/curation/filter/{model}"));
        Assert.Equal(300, status.GetProperty("labels").GetInt32());
        Assert.Equal(truth[^1].Id, status.GetProperty("appliedUpTo").GetInt64());

        // A kept-only snapshot holds the kept vectors, and keeps holding them when the exclusions change afterwards.
        var keptCount = kept.Count(k => k.Keep);
        var snapshots = new Pipeline.Storage.SnapshotStore(fx.Db);
        var modelId = (await new Pipeline.Storage.EmbeddingStore(fx.Db).FindModelAsync(model, default))!.Value;
        var snapshot = await snapshots.CreateAsync(modelId, null, model + "-kept", default, keptOnly: true);
        Assert.Equal(keptCount, snapshot.PointCount);
        await using (var clear = fx.Db.CreateCommand($"DELETE FROM embedding_exclusions x USING embeddings e WHERE e.id = x.embedding_id AND e.model_id = {modelId}"))
            await clear.ExecuteNonQueryAsync();
        Assert.Equal(keptCount, (await snapshots.ReadAsync(snapshot, default)).Count);
        Assert.Equal(Vectors, (await snapshots.CurrentAsync(modelId, null, keptOnly: true, default)).PointCount);
    }

    /// <summary>Each vector in id order with its planted class (the sign of its first value), or whether the filter kept it.</summary>
    private async Task<List<(long Id, Guid Region, bool Keep)>> TruthAsync(string model, bool flags = false)
    {
        await using var cmd = fx.Db.CreateCommand($"""
            SELECT e.id, e.region_id, {(flags ? "NOT EXISTS (SELECT 1 FROM embedding_exclusions x WHERE x.embedding_id = e.id)" : "e.vector::real[] > array[0]::real[]")} FROM embeddings e
            JOIN embedding_models m ON m.id = e.model_id WHERE m.name = $1 ORDER BY e.id
            """);
        cmd.Parameters.AddWithValue(model);
        var rows = new List<(long, Guid, bool)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add((r.GetInt64(0), r.GetGuid(1), r.GetBoolean(2)));
        return rows;
    }

    /// <summary>Requests a task through the API (202) and waits for the worker to end it.</summary>
    private async Task<System.Text.Json.JsonElement> RequestTaskAsync(string path, object body)
    {
        var response = await fx.Http.PostAsJsonAsync(new Uri(fx.Dashboard.Url, path), body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var task = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return await fx.WaitForTaskAsync(task.GetProperty("id").GetGuid());
    }

    private async Task<long> AppliedUpToAsync(string model)
    {
        await using var cmd = fx.Db.CreateCommand(
            "SELECT coalesce(max(applied_up_to), 0) FROM noise_filters f JOIN embedding_models m ON m.id = f.model_id WHERE m.name = $1");
        cmd.Parameters.AddWithValue(model);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
