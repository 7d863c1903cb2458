using Npgsql;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>
/// Per-stage counts of one job, read from the rows each stage writes (no counters to drift). Processed counts files with
/// a final outcome (ingested, duplicate, failed); Deferred ones wait for a resume, Cancelled ones will never be read.
/// </summary>
public sealed record JobProgress(
    Guid JobId, string SourcePath, DateTimeOffset CreatedAt, DateTimeOffset? EnumeratedAt, int? TotalFiles, string? Error,
    long Processed, long Ingested, long Duplicates, long Failed, long Detected, long Regions, long Embedded,
    long DetectFailed, long EmbedFailed, JobState State = JobState.Running, long Deferred = 0, long Cancelled = 0)
{
    /// <summary>
    /// Ended: cancelled, or could not start, or every file was handled and every stored image and region went through
    /// every stage or was set aside.
    /// </summary>
    public bool IsComplete => Error is not null || State == JobState.Cancelled
        || (EnumeratedAt is not null && Processed >= TotalFiles && Detected + DetectFailed >= Ingested && Embedded + EmbedFailed >= Regions);

    /// <summary>In words, as the dashboard and the CLI show it.</summary>
    public string Status => Error is not null ? "failed" : State == JobState.Cancelled ? "cancelled" : IsComplete ? "done"
        : State == JobState.Paused ? "paused" : EnumeratedAt is null ? "listing files" : "running";

    /// <summary>Every failure of the job: files at ingest plus images and regions set aside by Detect and Embed.</summary>
    public long AllFailed => Failed + DetectFailed + EmbedFailed;
}

/// <summary>A file or region that was set aside: at ingest, or by a later stage ("detect", "embed").</summary>
public sealed record FileFailure(string Stage, string Path, string Reason, DateTimeOffset At);

/// <summary>When a stage wrote its first and last row for a job.</summary>
public sealed record StageSpan(string Stage, long Rows, DateTimeOffset? First, DateTimeOffset? Last);

public sealed class ProgressQueries(NpgsqlDataSource db)
{
    private const string Select = """
        SELECT j.id, j.source_path, j.created_at, j.enumerated_at, j.total_files, j.error,
          f.ingested + f.duplicates + f.failed, f.ingested, f.duplicates, f.failed,
          (SELECT count(DISTINCT r.image_id) FROM regions r WHERE r.job_id = j.id),
          (SELECT count(*) FROM regions r WHERE r.job_id = j.id),
          (SELECT count(DISTINCT e.region_id) FROM embeddings e WHERE e.job_id = j.id),
          (SELECT count(*) FROM stage_failures s WHERE s.job_id = j.id AND s.stage = 'detect'),
          (SELECT count(*) FROM stage_failures s WHERE s.job_id = j.id AND s.stage = 'embed'),
          j.state, f.deferred, f.cancelled
        FROM ingest_jobs j CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE outcome = 'Ingested') AS ingested,
            count(*) FILTER (WHERE outcome = 'Duplicate') AS duplicates,
            count(*) FILTER (WHERE outcome = 'Failed') AS failed,
            count(*) FILTER (WHERE outcome = 'Deferred') AS deferred,
            count(*) FILTER (WHERE outcome = 'Cancelled') AS cancelled
          FROM ingest_files WHERE job_id = j.id) f
        """;

    public async Task<JobProgress?> GetAsync(Guid jobId, CancellationToken ct) =>
        (await QueryAsync($"{Select} WHERE j.id = $1", jobId, ct)).SingleOrDefault();

    /// <summary>The most recent jobs and their states, without counting anything (cheap at any size).</summary>
    public async Task<IReadOnlyList<(Guid JobId, JobState State)>> RecentJobsAsync(int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT id, state FROM ingest_jobs ORDER BY created_at DESC LIMIT $1");
        cmd.Parameters.AddWithValue(limit);
        var list = new List<(Guid, JobState)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add((r.GetGuid(0), Enum.Parse<JobState>(r.GetString(1))));
        return list;
    }

    public Task<IReadOnlyList<JobProgress>> RecentAsync(int limit, CancellationToken ct) =>
        QueryAsync($"{Select} ORDER BY j.created_at DESC LIMIT $1", limit, ct);

    /// <summary>One page of a job's failures, by path.</summary>
    public async Task<IReadOnlyList<FileFailure>> FailuresAsync(Guid jobId, int limit, CancellationToken ct, int offset = 0)
    {
        await using var cmd = db.CreateCommand("""
            SELECT 'ingest', path, coalesce(reason, ''), at FROM ingest_files WHERE job_id = $1 AND outcome = 'Failed'
            UNION ALL SELECT stage, path, reason, at FROM stage_failures WHERE job_id = $1
            ORDER BY 2, 1 LIMIT $2 OFFSET $3
            """);
        cmd.Parameters.AddWithValue(jobId);
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.AddWithValue(offset);
        var list = new List<FileFailure>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new FileFailure(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)));
        return list;
    }

    public async Task<IReadOnlyList<StageSpan>> StageSpansAsync(Guid jobId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT 'ingest', count(*), min(ingested_at), max(ingested_at) FROM images WHERE job_id = $1
            UNION ALL SELECT 'detect', count(*), min(detected_at), max(detected_at) FROM regions WHERE job_id = $1
            UNION ALL SELECT 'embed', count(*), min(embedded_at), max(embedded_at) FROM embeddings WHERE job_id = $1
            """);
        cmd.Parameters.AddWithValue(jobId);
        var list = new List<StageSpan>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new StageSpan(r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2),
                r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3)));
        return list;
    }

    /// <summary>Images stored, and images with at least one vector, over several jobs (a load run's).</summary>
    public async Task<(long Ingested, long Embedded)> ThroughputAsync(IReadOnlyList<Guid> jobIds, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT count(*) FROM images WHERE job_id = ANY($1)),
                   (SELECT count(DISTINCT image_id) FROM embeddings WHERE job_id = ANY($1))
            """);
        cmd.Parameters.AddWithValue(jobIds.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private async Task<IReadOnlyList<JobProgress>> QueryAsync(string sql, object parameter, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(parameter);
        var list = new List<JobProgress>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new JobProgress(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2),
                r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3), r.IsDBNull(4) ? null : r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9),
                r.GetInt64(10), r.GetInt64(11), r.GetInt64(12), r.GetInt64(13), r.GetInt64(14),
                Enum.Parse<JobState>(r.GetString(15)), r.GetInt64(16), r.GetInt64(17)));
        return list;
    }
}
