using Npgsql;
using NpgsqlTypes;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

public sealed record ClusterSummary(int Cluster, int Size);

/// <summary>One assigned vector as exports show it: its image, the region's box, its cluster and how strongly it belongs.</summary>
public sealed record AssignedImage(Guid ImageId, string Path, int Cluster, float Probability, Guid RegionId = default,
    int X = 0, int Y = 0, int Width = 0, int Height = 0, float? OutlierScore = null, bool Exemplar = false);

/// <summary>What a finished run stores per vector: its cluster (-1 = noise) and probability; GLOSH outlier scores and
/// exemplar flags where the algorithm gives them (HDBSCAN); the 2-D map, x and y per vector, row-major, when computed.</summary>
public sealed record RunResult(int[] Labels, float[] Probabilities, float[]? OutlierScores, bool[]? Exemplars, float[]? Map, int ClusterCount, double Seconds);

public sealed class ClusterStore(NpgsqlDataSource db)
{
    public async Task RequestAsync(Guid runId, string algorithm, string parametersJson, int seed, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO cluster_runs (id, algorithm, parameters, seed, status, requested_at)
            VALUES ($1, $2, $3::jsonb, $4, 'Queued', now()) ON CONFLICT (id) DO NOTHING
            """);
        cmd.Parameters.AddWithValue(runId);
        cmd.Parameters.AddWithValue(algorithm);
        cmd.Parameters.AddWithValue(parametersJson);
        cmd.Parameters.AddWithValue(seed);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Marks the run running on its snapshot; true when it was cancelled while it waited in the queue.</summary>
    public async Task<bool> StartAsync(Guid runId, Guid snapshotId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "UPDATE cluster_runs SET snapshot_id = $2, status = 'Running', error = NULL WHERE id = $1 RETURNING cancel_requested");
        cmd.Parameters.AddWithValue(runId);
        cmd.Parameters.AddWithValue(snapshotId);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Replaces the run's assignments and marks it succeeded in one transaction, so a retried run never half-writes.</summary>
    public async Task CompleteAsync(Guid runId, long[] embeddingIds, RunResult result, CancellationToken ct)
    {
        var labels = result.Labels;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var delete = new NpgsqlCommand("DELETE FROM cluster_assignments WHERE run_id = $1", conn, tx))
        {
            delete.Parameters.AddWithValue(runId);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY cluster_assignments (run_id, embedding_id, cluster, probability, outlier_score, exemplar, map_x, map_y) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < embeddingIds.Length; i++)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(runId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(embeddingIds[i], NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(labels[i], NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(result.Probabilities[i], NpgsqlDbType.Real, ct);
                await WriteOptionalAsync(copy, result.OutlierScores, i, ct);
                await copy.WriteAsync(result.Exemplars?[i] ?? false, NpgsqlDbType.Boolean, ct);
                await WriteOptionalAsync(copy, result.Map, 2 * i, ct);
                await WriteOptionalAsync(copy, result.Map, 2 * i + 1, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var update = new NpgsqlCommand("""
            UPDATE cluster_runs SET status = 'Succeeded', cluster_count = $2, noise_count = $3, point_count = $4,
                seconds = $5, phase = NULL, progress = 1, completed_at = now() WHERE id = $1
            """, conn, tx))
        {
            update.Parameters.AddWithValue(runId);
            update.Parameters.AddWithValue(result.ClusterCount);
            update.Parameters.AddWithValue(labels.Count(l => l < 0));
            update.Parameters.AddWithValue(labels.Length);
            update.Parameters.AddWithValue(result.Seconds);
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private static Task WriteOptionalAsync(NpgsqlBinaryImporter copy, float[]? values, int index, CancellationToken ct) =>
        values is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(values[index], NpgsqlDbType.Real, ct);

    /// <summary>Ends a run that did not succeed: Failed with its reason, or Cancelled.</summary>
    public async Task EndAsync(Guid runId, RunStatus status, string error, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("UPDATE cluster_runs SET status = $3, error = $2, phase = NULL, completed_at = now() WHERE id = $1");
        cmd.Parameters.AddWithValue(runId);
        cmd.Parameters.AddWithValue(error);
        cmd.Parameters.AddWithValue(status.ToString());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Records what a running run is doing and returns whether someone asked for it to stop.</summary>
    public async Task<bool> ReportAsync(Guid runId, string phase, float progress, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("UPDATE cluster_runs SET phase = $2, progress = $3 WHERE id = $1 RETURNING cancel_requested");
        cmd.Parameters.AddWithValue(runId);
        cmd.Parameters.AddWithValue(phase);
        cmd.Parameters.AddWithValue(progress);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Asks a queued or running run to stop; false when it has already ended or does not exist.</summary>
    public async Task<bool> RequestCancelAsync(Guid runId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("UPDATE cluster_runs SET cancel_requested = true WHERE id = $1 AND status IN ('Queued', 'Running')");
        cmd.Parameters.AddWithValue(runId);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task SaveScoresAsync(Guid runId, string scoresJson, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("UPDATE cluster_runs SET scores = $2::jsonb WHERE id = $1");
        cmd.Parameters.AddWithValue(runId);
        cmd.Parameters.AddWithValue(scoresJson);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Each assigned vector's cluster (-1 = noise), by embedding id.</summary>
    public async Task<Dictionary<long, int>> LabelsAsync(Guid runId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT embedding_id, cluster FROM cluster_assignments WHERE run_id = $1");
        cmd.Parameters.AddWithValue(runId);
        var labels = new Dictionary<long, int>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) labels[r.GetInt64(0)] = r.GetInt32(1);
        return labels;
    }

    public async Task<IReadOnlyList<ClusterSummary>> SummariseAsync(Guid runId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "SELECT cluster, count(*) FROM cluster_assignments WHERE run_id = $1 GROUP BY cluster ORDER BY cluster");
        cmd.Parameters.AddWithValue(runId);
        var result = new List<ClusterSummary>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result.Add(new ClusterSummary(r.GetInt32(0), (int)r.GetInt64(1)));
        return result;
    }

    private const string RunColumns = """
        SELECT id, snapshot_id, algorithm, parameters::text, seed, status, cluster_count, noise_count, point_count, seconds, error,
               requested_at, completed_at, phase, progress, cancel_requested, scores::text
        FROM cluster_runs
        """;

    public async Task<ClusterRun?> FindRunAsync(Guid runId, CancellationToken ct) =>
        (await QueryRunsAsync($"{RunColumns} WHERE id = $1", runId, ct)).SingleOrDefault();

    /// <summary>The most recent runs, newest first, skipping <paramref name="offset"/> for paging.</summary>
    public Task<IReadOnlyList<ClusterRun>> RecentRunsAsync(int limit, CancellationToken ct, int offset = 0) =>
        QueryRunsAsync($"{RunColumns} ORDER BY requested_at DESC, id LIMIT $1 OFFSET {Math.Max(offset, 0)}", limit, ct);

    public async Task<long> CountRunsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT count(*) FROM cluster_runs");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public Task<IReadOnlyList<ClusterRun>> RunsOfSnapshotAsync(Guid snapshotId, CancellationToken ct) =>
        QueryRunsAsync($"{RunColumns} WHERE snapshot_id = $1 ORDER BY requested_at", snapshotId, ct);

    private async Task<IReadOnlyList<ClusterRun>> QueryRunsAsync(string sql, object parameter, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(parameter);
        var list = new List<ClusterRun>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new ClusterRun
            {
                Id = r.GetGuid(0), SnapshotId = r.IsDBNull(1) ? null : r.GetGuid(1), Algorithm = r.GetString(2), Parameters = r.GetString(3),
                Seed = r.GetInt32(4), Status = Enum.Parse<RunStatus>(r.GetString(5)),
                ClusterCount = r.IsDBNull(6) ? null : r.GetInt32(6), NoiseCount = r.IsDBNull(7) ? null : r.GetInt32(7),
                PointCount = r.IsDBNull(8) ? null : r.GetInt32(8), Seconds = r.IsDBNull(9) ? null : r.GetDouble(9),
                Error = r.IsDBNull(10) ? null : r.GetString(10), RequestedAt = r.GetFieldValue<DateTimeOffset>(11),
                CompletedAt = r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
                Phase = r.IsDBNull(13) ? null : r.GetString(13), Progress = r.IsDBNull(14) ? null : r.GetFloat(14),
                CancelRequested = r.GetBoolean(15), Scores = r.IsDBNull(16) ? null : r.GetString(16),
            });
        return list;
    }

    /// <summary>Every region of a run with its image and cluster (-1 = noise), exemplars first within a cluster, for export and evaluation.</summary>
    public async Task<IReadOnlyList<AssignedImage>> AssignmentsAsync(Guid runId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT i.id, i.path, a.cluster, a.probability, r.id, r.x, r.y, r.width, r.height, a.outlier_score, a.exemplar
            FROM cluster_assignments a JOIN embeddings e ON e.id = a.embedding_id JOIN images i ON i.id = e.image_id
            JOIN regions r ON r.id = e.region_id
            WHERE a.run_id = $1 ORDER BY a.cluster, a.exemplar DESC, i.path, r.id
            """);
        cmd.Parameters.AddWithValue(runId);
        var list = new List<AssignedImage>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new AssignedImage(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetFloat(3), r.GetGuid(4), r.GetInt32(5), r.GetInt32(6),
                r.GetInt32(7), r.GetInt32(8), r.IsDBNull(9) ? null : r.GetFloat(9), r.GetBoolean(10)));
        return list;
    }
}
