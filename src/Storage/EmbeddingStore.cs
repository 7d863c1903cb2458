using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Npgsql;
using Pgvector;

namespace Pipeline.Storage;

public sealed record EmbeddingRow(Guid RegionId, Guid ImageId, Guid JobId, float[] Vector);

public sealed record ModelVectors(int ModelId, IReadOnlyList<EmbeddingRow> Rows);

/// <summary>One block of a model's vectors in id order, for work that walks them all in batches.</summary>
public sealed record VectorBatch(long[] Ids, float[] Data, int Dimensions)
{
    public int Count => Ids.Length;
}

/// <summary>
/// How each model's HNSW graph is built (pgvector's m and ef_construction). Denser graphs (m 24, ef_construction 128)
/// lift recall on large, hard collections at the cost of a longer build; docs/scaling.md has the figures.
/// </summary>
public sealed record HnswBuild(int M = 16, int EfConstruction = 64)
{
    public const string Section = "Hnsw";
}

public sealed partial class EmbeddingStore(NpgsqlDataSource db, HnswBuild? hnsw = null)
{
    private readonly ConcurrentDictionary<string, int> _modelIds = new();

    /// <summary>
    /// Registers a model and its HNSW index. Models differ in dimension and pgvector indexes need a fixed one,
    /// so each model gets a partial expression index over vector::vector(n) with inner-product ops.
    /// </summary>
    public async Task<int> EnsureModelAsync(string name, int dimensions, CancellationToken ct)
    {
        if (_modelIds.TryGetValue(name, out var cached)) return cached;
        var id = await RegisterModelAsync(name, dimensions, ct);
        await using var index = db.CreateCommand(HnswIndexSql(id, dimensions, hnsw ?? new HnswBuild()));
        index.CommandTimeout = 0; // building over a bulk load of a million vectors takes minutes
        await index.ExecuteNonQueryAsync(ct);
        return _modelIds[name] = id;
    }

    /// <summary>The model's partial HNSW index over vector::vector(n) with inner-product ops (idempotent).</summary>
    public static string HnswIndexSql(int modelId, int dimensions, HnswBuild build) => $"""
        CREATE INDEX IF NOT EXISTS ix_embeddings_hnsw_{modelId} ON embeddings
        USING hnsw ((vector::vector({dimensions})) vector_ip_ops) WITH (m = {build.M}, ef_construction = {build.EfConstruction})
        WHERE model_id = {modelId}
        """;

    /// <summary>
    /// Registers a model without its index, for bulk loads that index once at the end (<see cref="EnsureModelAsync"/>);
    /// a registered name keeps its dimension.
    /// </summary>
    public async Task<int> RegisterModelAsync(string name, int dimensions, CancellationToken ct)
    {
        if (!SafeName().IsMatch(name)) throw new ArgumentException($"Model name '{name}' must match {SafeName()}.", nameof(name));
        await using var cmd = db.CreateCommand("""
            WITH added AS (
              INSERT INTO embedding_models (name, dimensions) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id, dimensions)
            SELECT id, dimensions FROM added UNION ALL SELECT id, dimensions FROM embedding_models WHERE name = $1 LIMIT 1
            """);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(dimensions);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (id, stored) = (reader.GetInt32(0), reader.GetInt32(1));
        return stored == dimensions ? id
            : throw new InvalidOperationException($"Model '{name}' is registered with {stored} dimensions, not {dimensions}.");
    }

    /// <summary>The next block of the model's vectors after an id, by binary COPY.</summary>
    public async Task<VectorBatch> NextBatchAsync(int modelId, long afterId, int limit, CancellationToken ct)
    {
        var (ids, data, dims) = await VectorCopy.ReadAsync(db,
            $"SELECT id, vector FROM embeddings WHERE model_id = {modelId} AND id > {afterId} ORDER BY id LIMIT {limit}", limit, null, ct);
        return new VectorBatch(ids, data, dims);
    }

    /// <summary>
    /// Stores vectors derived from other stored vectors (an adapter's output) under the target model, for the same
    /// regions, in one statement; a vector that exists already is left as it is.
    /// </summary>
    public async Task AddDerivedAsync(int targetModelId, long[] sourceIds, IReadOnlyList<float[]> vectors, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            INSERT INTO embeddings (region_id, image_id, job_id, model_id, vector, embedded_at)
            SELECT s.region_id, s.image_id, s.job_id, {targetModelId}, u.v, now()
            FROM unnest($1::bigint[], $2::vector[]) WITH ORDINALITY u(source, v, n) JOIN embeddings s ON s.id = u.source ORDER BY u.n
            ON CONFLICT (region_id, model_id) DO NOTHING
            """);
        cmd.Parameters.AddWithValue(sourceIds);
        cmd.Parameters.Add(new NpgsqlParameter { Value = vectors.Select(v => new Vector(v)).ToArray(), DataTypeName = "vector[]" });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The last source vector whose region has a target vector: derivations run in id order, so all before it are done.</summary>
    public async Task<long> DerivedUpToAsync(int sourceModelId, int targetModelId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT coalesce(max(s.id), 0) FROM embeddings s JOIN embeddings t ON t.region_id = s.region_id AND t.model_id = {targetModelId}
            WHERE s.model_id = {sourceModelId}
            """);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Every registered model: id to name.</summary>
    public async Task<Dictionary<int, string>> ModelNamesAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT id, name FROM embedding_models");
        var names = new Dictionary<int, string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) names[r.GetInt32(0)] = r.GetString(1);
        return names;
    }

    public async Task<int?> FindModelAsync(string name, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM embedding_models WHERE name = $1");
        cmd.Parameters.AddWithValue(name);
        return await cmd.ExecuteScalarAsync(ct) as int?;
    }

    public Task AddAsync(int modelId, IReadOnlyList<EmbeddingRow> rows, CancellationToken ct) => AddAsync([new(modelId, rows)], ct);

    /// <summary>
    /// Writes several models' vectors for the same regions in one transaction, so a region counts as embedded
    /// only once every active model has its vector.
    /// </summary>
    public async Task AddAsync(IReadOnlyList<ModelVectors> batches, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        foreach (var (modelId, rows) in batches.Where(b => b.Rows.Count > 0))
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO embeddings (region_id, image_id, job_id, model_id, vector, embedded_at)
                SELECT r, i, j, $4, v, now() FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $5::vector[]) AS t(r, i, j, v)
                ON CONFLICT (region_id, model_id) DO NOTHING
                """, conn, tx);
            cmd.Parameters.AddWithValue(rows.Select(r => r.RegionId).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.ImageId).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.JobId).ToArray());
            cmd.Parameters.AddWithValue(modelId);
            cmd.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => new Vector(r.Vector)).ToArray(), DataTypeName = "vector[]" });
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex SafeName();
}
