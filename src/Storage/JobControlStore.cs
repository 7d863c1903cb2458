using Npgsql;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>
/// A job's state and the files it holds back. The ingest stage takes a share lock on the job row while it defers a
/// slice, and pause / resume / cancel update that row, so a slice is either deferred before a resume reads the deferred
/// files or processed after it: none is left behind.
/// </summary>
public sealed class JobControlStore(NpgsqlDataSource db)
{
    public async Task<JobState?> StateAsync(Guid jobId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT state FROM ingest_jobs WHERE id = $1");
        cmd.Parameters.AddWithValue(jobId);
        return await cmd.ExecuteScalarAsync(ct) is string s ? Enum.Parse<JobState>(s) : null;
    }

    /// <summary>Moves the job from <paramref name="from"/> to <paramref name="to"/>; false when it was not in <paramref name="from"/>.</summary>
    public async Task<bool> MoveAsync(Guid jobId, JobState from, JobState to, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("UPDATE ingest_jobs SET state = $3 WHERE id = $1 AND state = $2");
        cmd.Parameters.AddWithValue(jobId);
        cmd.Parameters.AddWithValue(from.ToString());
        cmd.Parameters.AddWithValue(to.ToString());
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Ends the job: its deferred files become Cancelled in the same transaction. False when already cancelled.</summary>
    public async Task<bool> CancelAsync(Guid jobId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var job = new NpgsqlCommand("UPDATE ingest_jobs SET state = 'Cancelled' WHERE id = $1 AND state <> 'Cancelled'", conn, tx);
        job.Parameters.AddWithValue(jobId);
        if (await job.ExecuteNonQueryAsync(ct) == 0) return false;
        await using var files = new NpgsqlCommand(
            "UPDATE ingest_files SET outcome = 'Cancelled', at = now() WHERE job_id = $1 AND outcome = 'Deferred'", conn, tx);
        files.Parameters.AddWithValue(jobId);
        await files.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Called before a slice is processed: when the job is paused or cancelled, records the slice's files as Deferred or
    /// Cancelled and returns that state; returns Running (nothing recorded) when the slice should be processed.
    /// </summary>
    public async Task<JobState> HoldAsync(Guid jobId, IReadOnlyList<string> paths, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var select = new NpgsqlCommand("SELECT state FROM ingest_jobs WHERE id = $1 FOR SHARE", conn, tx);
        select.Parameters.AddWithValue(jobId);
        var state = await select.ExecuteScalarAsync(ct) is string s ? Enum.Parse<JobState>(s) : JobState.Running;
        if (state == JobState.Running) return state;
        var outcome = state == JobState.Paused ? FileOutcome.Deferred : FileOutcome.Cancelled;
        var now = DateTimeOffset.UtcNow;
        await IngestStore.RecordFilesAsync(conn, tx,
            paths.Select(p => new IngestFile { JobId = jobId, Path = p, Outcome = outcome, At = now }).ToList(), ct);
        await tx.CommitAsync(ct);
        return state;
    }

    public async Task<IReadOnlyList<string>> PathsAsync(Guid jobId, FileOutcome outcome, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT path FROM ingest_files WHERE job_id = $1 AND outcome = $2 ORDER BY path");
        cmd.Parameters.AddWithValue(jobId);
        cmd.Parameters.AddWithValue(outcome.ToString());
        var paths = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) paths.Add(r.GetString(0));
        return paths;
    }

    /// <summary>Which of these jobs are cancelled: one primary-key lookup per batch, so later stages skip their messages cheaply.</summary>
    public async Task<IReadOnlySet<Guid>> CancelledAsync(IEnumerable<Guid> jobIds, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM ingest_jobs WHERE id = ANY($1) AND state = 'Cancelled'");
        cmd.Parameters.AddWithValue(jobIds.Distinct().ToArray());
        var cancelled = new HashSet<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) cancelled.Add(r.GetGuid(0));
        return cancelled;
    }

    /// <summary>The job's detection prompt, for files sent through ingest again.</summary>
    public async Task<string?> PromptAsync(Guid jobId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT detection_prompt FROM ingest_jobs WHERE id = $1");
        cmd.Parameters.AddWithValue(jobId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }
}
