using System.Text.Json;
using Microsoft.Extensions.Options;
using Pipeline.ServiceDefaults.Broker;
using Pipeline.ServiceDefaults.Workers;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Dashboard.Workers;

/// <summary>The broker's queues, or why they could not be read.</summary>
public sealed record QueueReport(IReadOnlyList<QueueStats> Queues, string? Error);

/// <summary>One worker instance as the page and the API show it.</summary>
public sealed record InstanceView(WorkerInstance Instance, bool Stale);

/// <summary>What the workers page and GET /api/workers show: queue depths from the broker, instances from their heartbeats.</summary>
public sealed class WorkersOverview(
    WorkerInstanceStore store, RabbitManagementClient broker, RabbitManagementOptions brokerOptions,
    IOptions<HeartbeatOptions> heartbeat, TimeProvider clock, ILogger<WorkersOverview> logger)
{
    /// <summary>Instances silent for longer than this are listed but marked stale (crashed, or cut off from the database).</summary>
    public TimeSpan StaleAfter => TimeSpan.FromSeconds(3 * heartbeat.Value.IntervalSeconds);

    private static readonly TimeSpan Listed = TimeSpan.FromMinutes(10);

    public async Task<QueueReport> QueuesAsync(CancellationToken ct)
    {
        try
        {
            return new QueueReport(await broker.QueuesAsync(ct), null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("RabbitMQ management API at {Url} unreachable: {Reason}", brokerOptions.ManagementUrl, e.Message);
            return new QueueReport([], $"RabbitMQ's management API at {brokerOptions.ManagementUrl} cannot be read ({e.Message}); " +
                "queue depths are unknown. Check RabbitMq:ManagementUrl, ManagementUser and ManagementPassword.");
        }
    }

    public async Task<IReadOnlyList<InstanceView>> InstancesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return [.. (await store.RecentAsync(Listed, ct)).Select(i => new InstanceView(i, now - i.SeenAt > StaleAfter))];
    }
}
