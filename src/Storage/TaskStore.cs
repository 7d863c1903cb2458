using Npgsql;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>The rows that let people follow a worker's long collection-wide jobs (<see cref="BackgroundTask"/>).</summary>
public sealed class TaskStore(NpgsqlDataSource db)
{
    /// <summary>Records a requested task as queued; asking again with the same id changes nothing.</summary>
    public async Task CreateAsync(Guid id, string kind, string subject, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO background_tasks (id, kind, subject, status, done, created_at) VALUES ($1, $2, $3, 'Queued', 0, now())
            ON CONFLICT (id) DO NOTHING
            """);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(kind);
        cmd.Parameters.AddWithValue(subject);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Marks it running (again, when a redelivered request resumes it after a worker died).</summary>
    public Task StartAsync(Guid id, long? total, CancellationToken ct) =>
        ExecuteAsync("UPDATE background_tasks SET status = 'Running', started_at = coalesce(started_at, now()), total = $2 WHERE id = $1",
            ct, id, (object?)total ?? DBNull.Value);

    /// <summary>
    /// Runs a task's work between its start and its end. A request that cannot succeed (bad model, too few labels,
    /// unreadable adapter) ends the task as failed with the reason; anything else is left to the bus to retry, with
    /// the reason shown meanwhile.
    /// </summary>
    public async Task RunAsync(Guid id, string kind, string subject, Func<Task<string>> work, CancellationToken ct)
    {
        await CreateAsync(id, kind, subject, ct);
        await StartAsync(id, null, ct);
        try
        {
            await EndAsync(id, RunStatus.Succeeded, await work(), ct);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or InvalidDataException or FileNotFoundException)
        {
            await EndAsync(id, RunStatus.Failed, e.Message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ExecuteAsync("UPDATE background_tasks SET message = $2 WHERE id = $1", CancellationToken.None, id, $"retrying after: {e.Message}");
            throw;
        }
    }

    public Task ReportAsync(Guid id, long done, string message, CancellationToken ct) =>
        ExecuteAsync("UPDATE background_tasks SET done = $2, message = $3 WHERE id = $1", ct, id, done, message);

    public Task EndAsync(Guid id, RunStatus status, string message, CancellationToken ct) =>
        ExecuteAsync("UPDATE background_tasks SET status = $2, message = $3, ended_at = now() WHERE id = $1", ct, id, status.ToString(), message);

    public async Task<BackgroundTask?> FindAsync(Guid id, CancellationToken ct) => (await ReadAsync("WHERE id = $1", id, ct)).SingleOrDefault();

    public Task<List<BackgroundTask>> RecentAsync(int limit, CancellationToken ct) => ReadAsync("ORDER BY created_at DESC LIMIT $1", limit, ct);

    private async Task<List<BackgroundTask>> ReadAsync(string where, object parameter, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"SELECT id, kind, subject, status, done, total, message, created_at, started_at, ended_at FROM background_tasks {where}");
        cmd.Parameters.AddWithValue(parameter);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var tasks = new List<BackgroundTask>();
        while (await r.ReadAsync(ct))
            tasks.Add(new BackgroundTask
            {
                Id = r.GetGuid(0), Kind = r.GetString(1), Subject = r.GetString(2), Status = Enum.Parse<RunStatus>(r.GetString(3)),
                Done = r.GetInt64(4), Total = r.IsDBNull(5) ? null : r.GetInt64(5), Message = r.IsDBNull(6) ? null : r.GetString(6),
                CreatedAt = r.GetFieldValue<DateTimeOffset>(7), StartedAt = r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
                EndedAt = r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
            });
        return tasks;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
