using Npgsql;
using NpgsqlTypes;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>Idempotent writes for the ingest stage: natural keys and ON CONFLICT DO NOTHING, never check-then-insert.</summary>
public sealed class IngestStore(NpgsqlDataSource db)
{
    public async Task CreateJobAsync(Guid jobId, string sourcePath, string? detectionPrompt, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO ingest_jobs (id, source_path, created_at, detection_prompt) VALUES ($1, $2, now(), $3)
            ON CONFLICT (id) DO NOTHING
            """);
        cmd.Parameters.AddWithValue(jobId);
        cmd.Parameters.AddWithValue(sourcePath);
        cmd.Parameters.AddWithValue((object?)detectionPrompt ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task MarkEnumeratedAsync(Guid jobId, int totalFiles, string? error, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "UPDATE ingest_jobs SET enumerated_at = coalesce(enumerated_at, now()), total_files = $2, error = $3 WHERE id = $1");
        cmd.Parameters.AddWithValue(jobId);
        cmd.Parameters.AddWithValue(totalFiles);
        cmd.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Stores the images whose content is new and returns, per image, the outcome for this job:
    /// Ingested when this job owns the row (first time, or a redelivery of the same file), Duplicate otherwise.
    /// </summary>
    public async Task<IReadOnlyList<(ImageRecord Image, FileOutcome Outcome)>> AddImagesAsync(
        IReadOnlyList<ImageRecord> images, CancellationToken ct)
    {
        if (images.Count == 0) return [];
        await using var cmd = db.CreateCommand("""
            INSERT INTO images (id, job_id, content_hash, path, format, width, height, byte_size, thumbnail_path, ingested_at)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bytea[], $4::text[], $5::text[], $6::int[], $7::int[], $8::bigint[], $9::text[], $10::timestamptz[])
            ON CONFLICT (content_hash) DO NOTHING
            """);
        cmd.Parameters.AddWithValue(images.Select(i => i.Id).ToArray());
        cmd.Parameters.AddWithValue(images.Select(i => i.JobId).ToArray());
        cmd.Parameters.AddWithValue(images.Select(i => i.ContentHash).ToArray());
        cmd.Parameters.AddWithValue(images.Select(i => i.Path).ToArray());
        cmd.Parameters.AddWithValue(images.Select(i => i.Format).ToArray());
        cmd.Parameters.AddWithValue(images.Select(i => i.Width).ToArray());
        cmd.Parameters.AddWithValue(images.Select(i => i.Height).ToArray());
        cmd.Parameters.AddWithValue(images.Select(i => i.ByteSize).ToArray());
        cmd.Parameters.AddWithValue(images.Select(i => i.ThumbnailPath).ToArray());
        cmd.Parameters.AddWithValue(images.Select(i => i.IngestedAt).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);

        // Whoever owns each content hash now decides: same job and same path means this file is the stored one.
        await using var owners = db.CreateCommand("SELECT id, job_id, path FROM images WHERE id = ANY($1)");
        owners.Parameters.AddWithValue(images.Select(i => i.Id).Distinct().ToArray());
        var owner = new Dictionary<Guid, (Guid Job, string Path)>();
        await using (var reader = await owners.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                owner[reader.GetGuid(0)] = (reader.GetGuid(1), reader.GetString(2));

        return images.Select(i => (i, owner.TryGetValue(i.Id, out var o) && o.Job == i.JobId && o.Path == i.Path
            ? FileOutcome.Ingested : FileOutcome.Duplicate)).ToList();
    }

    /// <summary>
    /// Of these stored images, those whose later stages never finished (their job was cancelled or their messages lost):
    /// no region yet, or a region with no vector, and not set aside by Detect or Embed. A re-run sends them on again.
    /// </summary>
    public async Task<HashSet<Guid>> UnfinishedAsync(IReadOnlyList<Guid> imageIds, CancellationToken ct)
    {
        if (imageIds.Count == 0) return [];
        await using var cmd = db.CreateCommand("""
            SELECT i.id FROM images i WHERE i.id = ANY($1)
              AND NOT EXISTS (SELECT 1 FROM stage_failures f WHERE f.stage = 'detect' AND f.item_id = i.id)
              AND (NOT EXISTS (SELECT 1 FROM regions r WHERE r.image_id = i.id)
                OR EXISTS (SELECT 1 FROM regions r WHERE r.image_id = i.id
                  AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.region_id = r.id)
                  AND NOT EXISTS (SELECT 1 FROM stage_failures f WHERE f.stage = 'embed' AND f.item_id = r.id)))
            """);
        cmd.Parameters.AddWithValue(imageIds.ToArray());
        var unfinished = new HashSet<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) unfinished.Add(reader.GetGuid(0));
        return unfinished;
    }

    public async Task RecordFilesAsync(IReadOnlyList<IngestFile> files, CancellationToken ct)
    {
        if (files.Count == 0) return;
        await using var conn = await db.OpenConnectionAsync(ct);
        await RecordFilesAsync(conn, null, files, ct);
    }

    /// <summary>
    /// One row per (job, path). A redelivered slice changes nothing, except that a Deferred or Failed row takes the
    /// newer outcome: that is how resume and retry land, without counting a file twice. A failure keeps its reason
    /// when its job is cancelled.
    /// </summary>
    internal static async Task RecordFilesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyList<IngestFile> files, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO ingest_files AS f (job_id, path, outcome, image_id, reason, at)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[])
            ON CONFLICT (job_id, path) DO UPDATE SET outcome = excluded.outcome, image_id = excluded.image_id,
              reason = excluded.reason, at = excluded.at
            WHERE f.outcome = 'Deferred' OR (f.outcome = 'Failed' AND excluded.outcome <> 'Cancelled')
            """, conn, tx);
        cmd.Parameters.AddWithValue(files.Select(f => f.JobId).ToArray());
        cmd.Parameters.AddWithValue(files.Select(f => f.Path).ToArray());
        cmd.Parameters.AddWithValue(files.Select(f => f.Outcome.ToString()).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => f.ImageId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => f.Reason).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(files.Select(f => f.At).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Removes a job and everything it stored (for throwaway jobs such as benchmarks); returns the derivative files to delete.</summary>
    public async Task<IReadOnlyList<string>> DeleteJobAsync(Guid jobId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var thumbnails = new List<string>();
        await using (var select = new NpgsqlCommand("SELECT thumbnail_path FROM images WHERE job_id = $1", conn, tx))
        {
            select.Parameters.AddWithValue(jobId);
            await using var r = await select.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) thumbnails.Add(r.GetString(0));
        }
        foreach (var table in new[] { "embeddings", "regions", "images", "ingest_files" })
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE job_id = $1", conn, tx);
            delete.Parameters.AddWithValue(jobId);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await using (var job = new NpgsqlCommand("DELETE FROM ingest_jobs WHERE id = $1", conn, tx))
        {
            job.Parameters.AddWithValue(jobId);
            await job.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return thumbnails;
    }
}
