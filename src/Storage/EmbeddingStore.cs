using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Npgsql;
using Pgvector;

namespace Pipeline.Storage;

public sealed record EmbeddingRow(Guid RegionId, Guid ImageId, Guid JobId, float[] Vector);

public sealed record ModelVectors(int ModelId, IReadOnlyList<EmbeddingRow> Rows);

public sealed partial class EmbeddingStore(NpgsqlDataSource db)
{
    private readonly ConcurrentDictionary<string, int> _modelIds = new();

    /// <summary>
    /// Registers a model and its HNSW index. Models differ in dimension and pgvector indexes need a fixed one,
    /// so each model gets a partial expression index over vector::vector(n) with inner-product ops.
    /// </summary>
    public async Task<int> EnsureModelAsync(string name, int dimensions, CancellationToken ct)
    {
        if (_modelIds.TryGetValue(name, out var cached)) return cached;
        if (!SafeName().IsMatch(name)) throw new ArgumentException($"Model name '{name}' must match {SafeName()}.", nameof(name));
        await using var cmd = db.CreateCommand("""
            WITH added AS (
              INSERT INTO embedding_models (name, dimensions) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id, dimensions)
            SELECT id, dimensions FROM added UNION ALL SELECT id, dimensions FROM embedding_models WHERE name = $1 LIMIT 1
            """);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(dimensions);
        int id, stored;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (id, stored) = (reader.GetInt32(0), reader.GetInt32(1));
        }
        if (stored != dimensions)
            throw new InvalidOperationException($"Model '{name}' is registered with {stored} dimensions, not {dimensions}.");
        await using var index = db.CreateCommand($"""
            CREATE INDEX IF NOT EXISTS ix_embeddings_hnsw_{id} ON embeddings
            USING hnsw ((vector::vector({dimensions})) vector_ip_ops) WHERE model_id = {id}
            """);
        await index.ExecuteNonQueryAsync(ct);
        return _modelIds[name] = id;
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
