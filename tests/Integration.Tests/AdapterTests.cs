using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Inference;
using Pipeline.Inference.Embedding;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>`pipeline adapter` derives a new model's vectors from stored ones, resumes after a kill, and indexes the result.</summary>
[Collection(PipelineCollection.Name)]
public sealed class AdapterTests(PipelineFixture fx)
{
    [Fact]
    public async Task Every_vector_is_mapped_once_even_when_the_run_is_killed_midway()
    {
        var source = "adapt-" + Guid.NewGuid().ToString("N")[..8];
        var target = source + "-adapted";
        await fx.SeedModelAsync(source, 16, 3000, "(SELECT array_agg(random() - 0.5)::real[] FROM generate_series(1, 16) d WHERE g.n > 0)");
        var onnx = Pipeline.Inference.Tests.TinyModels.WriteTo(fx.WorkDir, "adapter.onnx", Pipeline.Inference.Tests.TinyModels.VectorAdapter(16));

        await fx.KillCliOnceAsync(async () => await CountAsync(target) > 0, "adapter", onnx, "--from", source, "--to", target, "--batch", "20");
        Assert.InRange(await CountAsync(target), 1, 2999);

        var (exit, output) = await fx.RunCliAsync("adapter", onnx, "--from", source, "--to", target, "--batch", "500");
        Assert.True(exit == 0, output);
        Assert.Contains("resuming after source vector", output);
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

    private async Task<long> CountAsync(string model)
    {
        await using var cmd = fx.Db.CreateCommand("SELECT count(*) FROM embeddings e JOIN embedding_models m ON m.id = e.model_id WHERE m.name = $1");
        cmd.Parameters.AddWithValue(model);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
