using Npgsql;
using Pgvector;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>A snapshot's vectors in memory: row-major float32, one row per embedding id.</summary>
public sealed record SnapshotVectors(long[] EmbeddingIds, float[] Data, int Dimensions)
{
    public int Count => EmbeddingIds.Length;
}

public sealed class SnapshotStore(NpgsqlDataSource db)
{
    /// <summary>Freezes the model's current vectors (optionally one job's) under a watermark.</summary>
    public async Task<Snapshot> CreateAsync(int modelId, Guid? jobId, string? name, CancellationToken ct)
    {
        var snapshot = new Snapshot { Id = Guid.NewGuid(), Name = "", ModelId = modelId, JobId = jobId, CreatedAt = DateTimeOffset.UtcNow };
        snapshot.Name = name ?? $"model{modelId}-{snapshot.CreatedAt:yyyyMMdd-HHmmss}-{snapshot.Id.ToString()[..8]}";
        await using var cmd = db.CreateCommand("""
            INSERT INTO snapshots (id, name, model_id, job_id, watermark, point_count, created_at)
            SELECT $1, $2, $3, $4, coalesce(max(id), 0), count(*), $5 FROM embeddings
            WHERE model_id = $3 AND ($4::uuid IS NULL OR job_id = $4)
            RETURNING watermark, point_count
            """);
        cmd.Parameters.AddWithValue(snapshot.Id);
        cmd.Parameters.AddWithValue(snapshot.Name);
        cmd.Parameters.AddWithValue(modelId);
        cmd.Parameters.AddWithValue((object?)jobId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(snapshot.CreatedAt);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        snapshot.Watermark = reader.GetInt64(0);
        snapshot.PointCount = (int)reader.GetInt64(1);
        return snapshot;
    }

    public async Task<Snapshot?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT name, model_id, job_id, watermark, point_count, created_at FROM snapshots WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new Snapshot
        {
            Id = id, Name = r.GetString(0), ModelId = r.GetInt32(1), JobId = r.IsDBNull(2) ? null : r.GetGuid(2),
            Watermark = r.GetInt64(3), PointCount = r.GetInt32(4), CreatedAt = r.GetFieldValue<DateTimeOffset>(5),
        };
    }

    /// <summary>Streams the snapshot out with binary COPY: no per-row EF materialisation at a million vectors.</summary>
    public async Task<SnapshotVectors> ReadAsync(Snapshot snapshot, CancellationToken ct)
    {
        var jobFilter = snapshot.JobId is { } job ? $"AND job_id = '{job}'" : "";
        await using var conn = await db.OpenConnectionAsync(ct);
        var ids = new List<long>(snapshot.PointCount);
        var data = new List<float>();
        var dims = 0;
        await using (var copy = await conn.BeginBinaryExportAsync(
            $"COPY (SELECT id, vector FROM embeddings WHERE model_id = {snapshot.ModelId} AND id <= {snapshot.Watermark} {jobFilter} ORDER BY id) TO STDOUT (FORMAT BINARY)", ct))
        {
            while (await copy.StartRowAsync(ct) != -1)
            {
                ids.Add(await copy.ReadAsync<long>(ct));
                var v = (await copy.ReadAsync<Vector>(ct)).ToArray();
                dims = v.Length;
                data.AddRange(v);
            }
        }
        return new SnapshotVectors([.. ids], [.. data], dims);
    }
}
