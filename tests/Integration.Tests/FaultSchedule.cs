using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// Drives the faults of one job: waits for a stage to reach a point, kills or restarts something, and keeps a timed log
/// of what was done when, with the job's counts at that moment. Reads survive the database's own restart.
/// </summary>
public sealed class FaultSchedule(PipelineFixture fx, Guid jobId, int files)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _events = new();
    private int _kills;

    public Guid JobId => jobId;

    public int Kills => _kills;

    public void Log(string what) => _events.Enqueue($"{_clock.Elapsed.TotalSeconds,6:F1}s  {what}");

    public string Summary() => string.Join('\n', _events);

    /// <summary>Kills the service (kill -9) once its stage's count reaches each fraction of the files, replacing it each time.</summary>
    public async Task KillAtAsync(string service, Func<JobProgress, long> stage, params double[] fractions)
    {
        foreach (var fraction in fractions)
        {
            var p = await WaitForAsync($"{service} at {fraction:P0}", p => stage(p) >= fraction * files, TimeSpan.FromMinutes(3));
            await KillAsync(service, $"its stage at {stage(p)} of {files}");
        }
    }

    /// <summary>kill -9, then a new process as Kubernetes would start one, back once healthy.</summary>
    public async Task KillAsync(string service, string when)
    {
        await fx.KillAsync(service, () => Task.FromResult(true));
        Interlocked.Increment(ref _kills);
        Log($"kill -9 {service}, {when}; {await CountsAsync()}");
        await fx.RestartAsync(service);
        Log($"{service} replaced and healthy");
    }

    public async Task RestartAsync(string service, Func<PipelineFixture, Task> restart)
    {
        Log($"restarting {service}; {await CountsAsync()}");
        var started = Stopwatch.GetTimestamp();
        await restart(fx);
        Log($"{service} back after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1}s");
    }

    public async Task<JobProgress> WaitForAsync(string what, Func<JobProgress, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await ProgressAsync() is { } p && until(p)) return p;
            await Task.Delay(50);
        }
        var queues = string.Join(", ", (await fx.QueuesAsync()).Select(q => $"{q.Name} {q.Ready}/{q.Unacked}"));
        throw new TimeoutException($"waiting for {what}: {await ProgressAsync()}\nqueues (ready/unacked): {queues}\n{Summary()}\n{fx.Logs()}");
    }

    /// <summary>Runs a read, again and again while the database is down or its pooled connections are stale.</summary>
    public static async Task<T> TolerantAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (NpgsqlException) when (attempt < 600)
            {
                await Task.Delay(100);
            }
        }
    }

    private Task<JobProgress?> ProgressAsync() => TolerantAsync(() => new ProgressQueries(fx.Db).GetAsync(jobId, default));

    private async Task<string> CountsAsync() => await ProgressAsync() is { } p
        ? $"files {p.Processed}, detected {p.Detected}, embedded {p.Embedded}" : "no progress yet";
}

/// <summary>Small reads for the fault tests' final checks.</summary>
public static class FaultQueries
{
    public static async Task<List<T>> ListAsync<T>(this NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var cmd = Command(db, sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await r.ReadAsync()) list.Add(r.GetFieldValue<T>(0));
        return list;
    }

    /// <summary>The one row of a query of counts (bigint columns).</summary>
    public static async Task<long[]> CountsAsync(this NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var cmd = Command(db, sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return Enumerable.Range(0, r.FieldCount).Select(r.GetInt64).ToArray();
    }

    private static NpgsqlCommand Command(NpgsqlDataSource db, string sql, object[] parameters)
    {
        var cmd = db.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        return cmd;
    }
}
