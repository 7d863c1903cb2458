using Pipeline.Search;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>pgvector's HNSW answers against an exact scan of the same vectors, filtered queries included.</summary>
[Collection(PipelineCollection.Name)]
public sealed class VectorSearchTests(PipelineFixture fx)
{
    [Fact]
    public async Task Hnsw_top_10_agrees_with_the_exact_scan_and_filtered_queries_still_fill_k()
    {
        // 10k random unit vectors, 5% of them in a small job; copied in first so the index is built in bulk.
        var name = "recall-" + Guid.NewGuid().ToString("N")[..8];
        Guid small = Guid.NewGuid(), large = Guid.NewGuid();
        await using (var cmd = fx.Db.CreateCommand("INSERT INTO embedding_models (name, dimensions) VALUES ($1, 128) RETURNING id"))
        {
            cmd.Parameters.AddWithValue(name);
            var id = (int)(await cmd.ExecuteScalarAsync())!;
            await using var fill = fx.Db.CreateCommand($"""
                INSERT INTO images (id, job_id, content_hash, path, format, width, height, byte_size, thumbnail_path, ingested_at)
                SELECT g.id, $1, uuid_send(g.id), '/synthetic/' || g.id, 'jpeg', 10, 10, 1, '/synthetic/t', now()
                FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, 10000)) g;
                """);
            fill.Parameters.AddWithValue(large);
            await fill.ExecuteNonQueryAsync();
            await using var vectors = fx.Db.CreateCommand($"""
                WITH i AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM images WHERE job_id = $1),
                r AS (INSERT INTO regions (id, image_id, job_id, x, y, width, height, detected_at)
                      SELECT i.id, i.id, CASE WHEN i.n % 20 = 0 THEN $2 ELSE $1 END, 0, 0, 10, 10, now() FROM i RETURNING id, job_id)
                INSERT INTO embeddings (region_id, image_id, job_id, model_id, vector, embedded_at)
                SELECT r.id, r.id, r.job_id, {id}, l2_normalize((SELECT array_agg(random() - 0.5)::real[]::vector FROM generate_series(1, 128) WHERE r.id IS NOT NULL)), now()
                FROM r
                """);
            vectors.Parameters.AddWithValue(large);
            vectors.Parameters.AddWithValue(small);
            await vectors.ExecuteNonQueryAsync();
        }
        await new EmbeddingStore(fx.Db).EnsureModelAsync(name, 128, default);
        await using (var analyze = fx.Db.CreateCommand("ANALYZE embeddings")) await analyze.ExecuteNonQueryAsync(); // as autovacuum would
        var search = new VectorSearch(fx.Db);
        var model = (await search.ModelAsync(name, default))!;
        var snapshot = await new SnapshotStore(fx.Db).CreateAsync(model.Id, null, name, default);
        var stored = await new SnapshotStore(fx.Db).ReadAsync(snapshot, default);
        var matrix = new VectorMatrix(stored.EmbeddingIds, stored.Data, stored.Dimensions);

        await using (var explain = fx.Db.CreateCommand("EXPLAIN " + VectorSearch.NearestSql(model, new SearchScope(), 40, 10)))
        {
            explain.Parameters.AddWithValue(new Pgvector.Vector(matrix.Row(0).ToArray()));
            explain.Parameters.AddWithValue(Guid.Empty);
            explain.Parameters.AddWithValue(0f);
            var plan = new List<string>();
            await using var r = await explain.ExecuteReaderAsync();
            while (await r.ReadAsync()) plan.Add(r.GetString(0));
            Assert.Contains(plan, line => line.Contains($"ix_embeddings_hnsw_{model.Id}"));
        }

        var random = new Random(9);
        double recall = 0;
        const int queries = 50;
        for (int q = 0; q < queries; q++)
        {
            var query = matrix.Row(random.Next(matrix.Count)).ToArray().Select(x => x + (float)(random.NextDouble() - 0.5) * 0.05f).ToArray();
            var exact = ExactScan.Search(matrix, query, 10).Hits.Select(h => h.Id).ToHashSet();
            var hnsw = await search.NearestAsync(model, query, 10, new SearchScope(), float.NegativeInfinity, default);
            Assert.Equal(hnsw.Select(h => h.Score).OrderDescending(), hnsw.Select(h => h.Score));
            recall += hnsw.Count(h => exact.Contains(h.EmbeddingId)) / 10.0;
        }
        recall /= queries;
        Assert.True(recall >= 0.95, $"recall@10 {recall:F3}");

        // Only 500 vectors are in the small job: without iterative scans the graph's first 40 candidates hold ~2 of them.
        var filtered = await search.NearestAsync(model, matrix.Row(0).ToArray(), 10, new SearchScope(small), float.NegativeInfinity, default);
        Assert.Equal(10, filtered.Count);
        var jobs = await JobsOfAsync(filtered.Select(h => h.EmbeddingId).ToArray());
        Assert.All(jobs, j => Assert.Equal(small, j));

        var cut = await search.NearestAsync(model, matrix.Row(0).ToArray(), 10, new SearchScope(), 0.99f, default);
        Assert.Equal(matrix.Ids[0], Assert.Single(cut).EmbeddingId);
    }

    private async Task<List<Guid>> JobsOfAsync(long[] ids)
    {
        await using var cmd = fx.Db.CreateCommand("SELECT job_id FROM embeddings WHERE id = ANY($1)");
        cmd.Parameters.AddWithValue(ids);
        var jobs = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) jobs.Add(r.GetGuid(0));
        return jobs;
    }
}
