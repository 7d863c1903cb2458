using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.ServiceDefaults.Workers;

/// <summary>
/// Writes this process's row in worker_instances every few seconds (profile, messages in the last minute and in all), and
/// deletes it on a graceful stop, so the dashboard shows who consumes and how fast. A database outage only delays beats.
/// </summary>
public sealed class WorkerHeartbeat(
    WorkerInstanceStore store, WorkerProfile profile, MessageRate rate, TimeProvider clock, IHostEnvironment environment,
    IOptions<HeartbeatOptions> options, ILogger<WorkerHeartbeat> logger) : BackgroundService
{
    private readonly WorkerInstance _row = new()
    {
        InstanceId = Guid.NewGuid(), Service = environment.ApplicationName, Host = Environment.MachineName,
        Models = [.. profile.Models], BatchSize = profile.BatchSize, Prefetch = profile.Prefetch, StartedAt = clock.GetUtcNow(),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds), clock);
        do
        {
            _row.SeenAt = clock.GetUtcNow();
            _row.MessagesLastMinute = (int)Math.Min(int.MaxValue, rate.LastMinute(_row.SeenAt.ToUnixTimeSeconds()));
            _row.MessagesTotal = rate.Total;
            try
            {
                await store.UpsertAsync(_row, stoppingToken);
            }
            // Whatever a database outage throws (refused, shutting down, starting up, timed out): an exception here
            // would stop the host, and a missing beat must never take the worker down.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Heartbeat of {Instance} not written: {Reason}", _row.InstanceId, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await store.DeleteAsync(_row.InstanceId, cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("Row of {Instance} left behind; it will show as stale: {Reason}", _row.InstanceId, e.Message);
        }
    }
}
