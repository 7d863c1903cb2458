using Npgsql;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>A snapshot's vectors in memory: row-major float32, one row per embedding id.</summary>
public sealed record SnapshotVectors(long[] EmbeddingIds, float[] Data, int Dimensions)
{
    public int Count => EmbeddingIds.Length;
}

public sealed class SnapshotStore(NpgsqlDataSource db)
{
    private const string Columns = "id, name, model_id, job_id, kept_only, watermark, point_count, created_at";

    /// <summary>A stored kept-only snapshot leaves out the exclusions frozen with it; an unsaved one (current vectors) today's.</summary>
    private static string Excluded(Snapshot s) => s.Id == Guid.Empty
        ? ExcludedNow
        : $"EXISTS (SELECT 1 FROM snapshot_exclusions x WHERE x.snapshot_id = '{s.Id}' AND x.embedding_id = embeddings.id)";

    /// <summary>True for a row of embeddings that a noise filter excludes today.</summary>
    internal const string ExcludedNow = "EXISTS (SELECT 1 FROM embedding_exclusions x WHERE x.embedding_id = embeddings.id)";

    /// <summary>The vectors a snapshot takes, given the numbers of its model, job (or null) and kept-only parameters.</summary>
    private static string Scope(int model, int job, int kept) =>
        $"model_id = ${model} AND (${job}::uuid IS NULL OR job_id = ${job}) AND (NOT ${kept} OR NOT {ExcludedNow})";

    /// <summary>What a snapshot taken now would hold, without storing it: for readers that only need the current vectors.</summary>
    public async Task<Snapshot> CurrentAsync(int modelId, Guid? jobId, bool keptOnly, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"SELECT coalesce(max(id), 0), count(*) FROM embeddings WHERE {Scope(1, 2, 3)}");
        cmd.Parameters.AddWithValue(modelId);
        cmd.Parameters.AddWithValue((object?)jobId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(keptOnly);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new Snapshot
        {
            Id = Guid.Empty, Name = $"current vectors of model {modelId}", ModelId = modelId, JobId = jobId, KeptOnly = keptOnly,
            Watermark = r.GetInt64(0), PointCount = (int)r.GetInt64(1), CreatedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>
    /// A cheap sign that a model's current vectors changed, for caches: its newest vector id (an index lookup, where a
    /// count would scan a million rows) and how many decisions its noise filters have made, since applying a filter is
    /// the only thing that changes exclusions.
    /// </summary>
    public async Task<(long NewestId, long FilterDecisions)> VersionAsync(int modelId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT coalesce(max(id), 0) FROM embeddings WHERE model_id = $1),
                   (SELECT coalesce(sum(kept_count + excluded_count), 0)::bigint FROM noise_filters WHERE model_id = $1)
            """);
        cmd.Parameters.AddWithValue(modelId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>
    /// Freezes the model's current vectors (optionally one job's, optionally only those the noise filter kept) under
    /// a watermark. A kept-only snapshot copies the exclusions it saw, in the same statement, so it stays what it was
    /// when a filter is applied again. The name is unique; a taken name is refused.
    /// </summary>
    public async Task<Snapshot> CreateAsync(int modelId, Guid? jobId, string? name, CancellationToken ct, bool keptOnly = false)
    {
        var snapshot = new Snapshot { Id = Guid.NewGuid(), Name = "", ModelId = modelId, JobId = jobId, KeptOnly = keptOnly, CreatedAt = DateTimeOffset.UtcNow };
        snapshot.Name = name ?? $"model{modelId}-{snapshot.CreatedAt:yyyyMMdd-HHmmss}-{snapshot.Id.ToString()[..8]}";
        await using var cmd = db.CreateCommand($"""
            WITH s AS (
              INSERT INTO snapshots (id, name, model_id, job_id, kept_only, watermark, point_count, created_at)
              SELECT $1, $2, $3, $4, $5, coalesce(max(id), 0), count(*), $6 FROM embeddings WHERE {Scope(3, 4, 5)}
              RETURNING id, watermark, point_count),
            frozen AS (
              INSERT INTO snapshot_exclusions (snapshot_id, embedding_id)
              SELECT s.id, x.embedding_id FROM s, embedding_exclusions x JOIN embeddings v ON v.id = x.embedding_id
              WHERE $5 AND v.model_id = $3 AND v.id <= s.watermark AND ($4::uuid IS NULL OR v.job_id = $4))
            SELECT watermark, point_count FROM s
            """);
        cmd.Parameters.AddWithValue(snapshot.Id);
        cmd.Parameters.AddWithValue(snapshot.Name);
        cmd.Parameters.AddWithValue(modelId);
        cmd.Parameters.AddWithValue((object?)jobId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(keptOnly);
        cmd.Parameters.AddWithValue(snapshot.CreatedAt);
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            snapshot.Watermark = reader.GetInt64(0);
            snapshot.PointCount = (int)reader.GetInt64(1);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"a snapshot named '{snapshot.Name}' exists already; snapshots are immutable, pick another name");
        }
        return snapshot;
    }

    public async Task<Snapshot?> FindAsync(Guid id, CancellationToken ct) =>
        (await QueryAsync($"SELECT {Columns} FROM snapshots WHERE id = $1", id, ct)).SingleOrDefault();

    /// <summary>By id or by name, as people type them.</summary>
    public async Task<Snapshot?> FindAsync(string idOrName, CancellationToken ct) =>
        Guid.TryParse(idOrName, out var id) ? await FindAsync(id, ct)
        : (await QueryAsync($"SELECT {Columns} FROM snapshots WHERE name = $1", idOrName, ct)).SingleOrDefault();

    public Task<IReadOnlyList<Snapshot>> ListAsync(int limit, CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM snapshots ORDER BY created_at DESC LIMIT $1", limit, ct);

    private async Task<IReadOnlyList<Snapshot>> QueryAsync(string sql, object parameter, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(parameter);
        var list = new List<Snapshot>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new Snapshot
            {
                Id = r.GetGuid(0), Name = r.GetString(1), ModelId = r.GetInt32(2), JobId = r.IsDBNull(3) ? null : r.GetGuid(3),
                KeptOnly = r.GetBoolean(4), Watermark = r.GetInt64(5), PointCount = r.GetInt32(6), CreatedAt = r.GetFieldValue<DateTimeOffset>(7),
            });
        return list;
    }

    /// <summary>Streams the snapshot's vectors out with binary COPY, in id order. Fewer than frozen only if vectors were deleted since.</summary>
    public async Task<SnapshotVectors> ReadAsync(Snapshot snapshot, CancellationToken ct, IProgress<double>? progress = null)
    {
        var filter = (snapshot.JobId is { } job ? $"AND job_id = '{job}'" : "") + (snapshot.KeptOnly ? $" AND NOT {Excluded(snapshot)}" : "");
        var (ids, data, dims) = await VectorCopy.ReadAsync(db,
            $"SELECT id, vector FROM embeddings WHERE model_id = {snapshot.ModelId} AND id <= {snapshot.Watermark} {filter} ORDER BY id",
            snapshot.PointCount, progress, ct);
        return new SnapshotVectors(ids, data, dims);
    }
}
