using Npgsql;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>The heartbeat rows of running workers: each process upserts its own, the dashboard lists them.</summary>
public sealed class WorkerInstanceStore(NpgsqlDataSource db)
{
    public async Task UpsertAsync(WorkerInstance w, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO worker_instances (instance_id, service, host, models, batch_size, prefetch, messages_last_minute, messages_total, started_at, seen_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (instance_id) DO UPDATE SET messages_last_minute = excluded.messages_last_minute,
              messages_total = excluded.messages_total, seen_at = excluded.seen_at
            """);
        foreach (var value in new object[] { w.InstanceId, w.Service, w.Host, w.Models, w.BatchSize, w.Prefetch, w.MessagesLastMinute, w.MessagesTotal, w.StartedAt, w.SeenAt })
            cmd.Parameters.AddWithValue(value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteAsync(Guid instanceId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("DELETE FROM worker_instances WHERE instance_id = $1");
        cmd.Parameters.AddWithValue(instanceId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Instances heard from within <paramref name="window"/>, by service then host; older rows are left out, not deleted.</summary>
    public async Task<IReadOnlyList<WorkerInstance>> RecentAsync(TimeSpan window, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT instance_id, service, host, models, batch_size, prefetch, messages_last_minute, started_at, seen_at, messages_total
            FROM worker_instances WHERE seen_at > now() - $1 ORDER BY service, host, started_at
            """);
        cmd.Parameters.AddWithValue(window);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<WorkerInstance>();
        while (await reader.ReadAsync(ct))
            rows.Add(new WorkerInstance
            {
                InstanceId = reader.GetGuid(0), Service = reader.GetString(1), Host = reader.GetString(2),
                Models = reader.GetFieldValue<string[]>(3), BatchSize = reader.GetInt32(4), Prefetch = reader.GetInt32(5),
                MessagesLastMinute = reader.GetInt32(6), StartedAt = reader.GetFieldValue<DateTimeOffset>(7),
                SeenAt = reader.GetFieldValue<DateTimeOffset>(8), MessagesTotal = reader.GetInt64(9),
            });
        return rows;
    }
}
