using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

[Collection(PipelineCollection.Name)]
public sealed class StorageTests(PipelineFixture fx)
{
    [Fact]
    public async Task A_registered_model_gets_an_inner_product_hnsw_index_that_nearest_neighbour_queries_use()
    {
        var store = new EmbeddingStore(fx.Db);
        var modelId = await store.EnsureModelAsync("test-model-4d", 4, default);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var v = Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return new EmbeddingRow(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), v.Select(x => x / norm).ToArray());
        }).ToList();
        await store.AddAsync(modelId, rows, default);
        await store.AddAsync(modelId, rows, default);

        await using var count = fx.Db.CreateCommand($"SELECT count(*) FROM embeddings WHERE model_id = {modelId}");
        Assert.Equal(200L, await count.ExecuteScalarAsync());

        await using var explain = fx.Db.CreateCommand($"""
            ANALYZE embeddings; SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off;
            EXPLAIN SELECT id FROM embeddings WHERE model_id = {modelId}
            ORDER BY vector::vector(4) <#> '[0.5,0.5,0.5,0.5]'::vector(4) LIMIT 5
            """);
        await using var reader = await explain.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        Assert.Contains(plan, line => line.Contains($"ix_embeddings_hnsw_{modelId}"));
    }

    [Fact]
    public async Task A_model_cannot_change_its_dimension()
    {
        var store = new EmbeddingStore(fx.Db);
        await store.EnsureModelAsync("test-model-fixed", 8, default);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new EmbeddingStore(fx.Db).EnsureModelAsync("test-model-fixed", 16, default));
        Assert.Contains("8 dimensions", e.Message);
    }

    [Fact]
    public async Task A_models_version_moves_when_vectors_arrive_or_a_filter_decides_and_only_then()
    {
        var model = "version-" + Guid.NewGuid().ToString("N")[..8];
        await fx.SeedModelAsync(model, 4, 30, "(SELECT array_agg(random())::real[] FROM generate_series(1, 4) d WHERE g.n > 0)");
        var store = new EmbeddingStore(fx.Db);
        var modelId = (await store.FindModelAsync(model, default))!.Value;
        var snapshots = new SnapshotStore(fx.Db);
        var seeded = await snapshots.VersionAsync(modelId, default);
        Assert.Equal(seeded, await snapshots.VersionAsync(modelId, default));

        await store.AddAsync(modelId, [new EmbeddingRow(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), [1, 0, 0, 0])], default);
        var added = await snapshots.VersionAsync(modelId, default);
        Assert.True(added.NewestId > seeded.NewestId);

        var curation = new CurationStore(fx.Db);
        var filter = new Pipeline.Storage.Entities.NoiseFilter { Id = Guid.NewGuid(), ModelId = modelId, CreatedAt = DateTimeOffset.UtcNow, Forest = [] };
        await curation.SaveFilterAsync(filter, default);
        Assert.Equal(added, await snapshots.VersionAsync(modelId, default));
        var decided = await curation.ApplyAsync(filter, (_, n) => new bool[n], 10, (_, _) => Task.CompletedTask, default);
        Assert.Equal(31, decided);
        Assert.Equal((added.NewestId, 31L), await snapshots.VersionAsync(modelId, default));
    }
}
