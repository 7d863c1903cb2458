using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Inference;
using Pipeline.Inference.Embedding;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// Adapters derive a new model's vectors from stored ones: requested from the command line or the API, carried out by an
/// Embed worker, resumed when that worker is killed and replaced, indexed at the end.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class AdapterTests(PipelineFixture fx)
{
    [Fact]
    public async Task Every_vector_is_mapped_once_even_when_the_run_is_killed_midway()
    {
        var source = "adapt-" + Guid.NewGuid().ToString("N")[..8];
        var target = source + "-adapted";
        await fx.SeedModelAsync(source, 16, 3000, "(SELECT array_agg(random() - 0.5)::real[] FROM generate_series(1, 16) d WHERE g.n > 0)");
        var onnx = WriteAdapter(source, 16);

        var run = fx.RunCliAsync("adapter", $"adapters/{source}.onnx", "--from", source, "--to", target, "--batch", "5");
        await fx.KillAsync("Embed.Worker", async () => await CountAsync(target) > 0);
        Assert.InRange(await CountAsync(target), 1, 2999);
        await fx.RestartAsync("Embed.Worker");

        var (exit, output) = await run;
        Assert.True(exit == 0, output);
        Assert.Contains("resumed after source vector", output);
        Assert.Equal(3000, await CountAsync(target));

        // A stored vector equals the adapter applied to its source vector, and the new model has its index.
        var store = new EmbeddingStore(fx.Db);
        var sourceId = (await store.FindModelAsync(source, default))!.Value;
        var first = await store.NextBatchAsync(sourceId, 0, 1, default);
        using var adapter = new VectorAdapter(onnx, new InferenceOptions { Provider = ExecutionProvider.Cpu }, NullLogger.Instance);
        var expected = adapter.Apply(first.Data, 1)[0];
        var targetId = (await store.FindModelAsync(target, default))!.Value;
        await using (var cmd = fx.Db.CreateCommand(
            $"SELECT t.vector FROM embeddings s JOIN embeddings t ON t.region_id = s.region_id AND t.model_id = {targetId} WHERE s.id = $1"))
        {
            cmd.Parameters.AddWithValue(first.Ids[0]);
            var stored = ((Pgvector.Vector)(await cmd.ExecuteScalarAsync())!).ToArray();
            Assert.Equal(expected.Length, stored.Length);
            Assert.All(expected.Zip(stored), p => Assert.Equal(p.First, p.Second, 5));
        }
        await using var index = fx.Db.CreateCommand($"SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_embeddings_hnsw_{targetId}'");
        Assert.Equal(1L, (long)(await index.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_api_refuses_what_cannot_run_and_a_worker_reports_what_fails_later()
    {
        var source = "adapt-" + Guid.NewGuid().ToString("N")[..8];
        await fx.SeedModelAsync(source, 8, 50, "(SELECT array_agg(random() - 0.5)::real[] FROM generate_series(1, 8) d WHERE g.n > 0)");
        WriteAdapter(source + "-16d", 16);
        WriteAdapter(source + "-8d", 8);

        async Task<(System.Net.HttpStatusCode Status, string Body)> RequestAsync(string adapter, string from, string to)
        {
            var response = await fx.Http.PostAsJsonAsync(new Uri(fx.Dashboard.Url, "api/adapters"), new { adapter, from, to });
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var refused = await RequestAsync("../../../etc/passwd", source, source + "-x");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("not a file inside the models folder", refused.Body);
        refused = await RequestAsync("adapters/missing.onnx", source, source + "-x");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("no file 'adapters/missing.onnx'", refused.Body);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await RequestAsync($"adapters/{source}-8d.onnx", "no-such-model", "x")).Status);

        // Accepted, but the adapter wants 16-d vectors: the task fails with that reason instead of retrying.
        var (status, body) = await RequestAsync($"adapters/{source}-16d.onnx", source, source + "-wide");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, status);
        var failed = await fx.WaitForTaskAsync(JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid());
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains("takes 16-d vectors", failed.GetProperty("message").GetString());

        (status, body) = await RequestAsync($"adapters/{source}-8d.onnx", source, source + "-adapted");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, status);
        var done = await fx.WaitForTaskAsync(JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid());
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.Equal(50, done.GetProperty("done").GetInt64());
        Assert.Equal(50, await CountAsync(source + "-adapted"));
    }

    /// <summary>A tiny adapter for <paramref name="dimensions"/>-d vectors in the workers' models folder, as adapters/NAME.onnx.</summary>
    private string WriteAdapter(string name, int dimensions) => Pipeline.Inference.Tests.TinyModels.WriteTo(
        Path.Combine(fx.WorkDir, "models", "adapters"), name + ".onnx", Pipeline.Inference.Tests.TinyModels.VectorAdapter(dimensions));

    private async Task<long> CountAsync(string model)
    {
        await using var cmd = fx.Db.CreateCommand("SELECT count(*) FROM embeddings e JOIN embedding_models m ON m.id = e.model_id WHERE m.name = $1");
        cmd.Parameters.AddWithValue(model);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
