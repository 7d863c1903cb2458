using Microsoft.Extensions.Options;

namespace Pipeline.Ingest.Worker.BackPressure;

/// <summary>
/// Holds a slice while Detect or Embed has more waiting than its limit (<see cref="BackPressureOptions"/>). Detect needs
/// no gate of its own: the pipeline is a line, so holding its source bounds every queue after it. One reading serves
/// every slice for the check interval, plus the files let through since, so fast slices cannot all pass on one old
/// reading; a depth that cannot be read, or a hold past its limit, lets the slice go on.
/// </summary>
public sealed class DownstreamGate(IQueueDepth depth, IOptions<BackPressureOptions> options, TimeProvider clock, ILogger<DownstreamGate> logger)
{
    private readonly SemaphoreSlim _reading = new(1, 1);
    // The latest reading and when it was taken; a failed one (null) is kept as long, so an outage costs one timeout per interval.
    private (Reading? Value, long At)? _last;
    // Files let through since that reading: each may add an image, and at least one region, to the queues.
    private long _admitted;

    private sealed record Reading(long Images, long Regions);

    /// <summary>Returns once both queues are within their limits (at once when they are), or when the hold is too long.</summary>
    public async Task WaitAsync(Guid jobId, int files, CancellationToken ct)
    {
        var o = options.Value;
        if (o.MaxPendingImages == 0 && o.MaxPendingRegions == 0) return;
        var start = clock.GetTimestamp();
        var holding = false;
        while (await TryPassAsync(o, files, ct) is { } over)
        {
            var held = clock.GetElapsedTime(start);
            if (held >= TimeSpan.FromSeconds(o.MaxHoldSeconds))
            {
                logger.LogWarning("Job {JobId}: {Queue} still holds {Depth} > {Limit} after {Seconds} s; ingesting the slice anyway",
                    jobId, over.Queue, over.Depth, over.Limit, (int)held.TotalSeconds);
                return;
            }
            if (!holding) logger.LogInformation("Job {JobId}: holding a slice, {Queue} holds {Depth} > {Limit}", jobId, over.Queue, over.Depth, over.Limit);
            holding = true;
            await Task.Delay(TimeSpan.FromMilliseconds(o.CheckIntervalMilliseconds), clock, ct);
        }
        if (holding) logger.LogInformation("Job {JobId}: slice released after {Seconds:F1} s", jobId, clock.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>Lets the slice through (null) or says which queue is over its limit, reading the depths when the last reading is old.</summary>
    private async Task<(string Queue, long Depth, int Limit)?> TryPassAsync(BackPressureOptions o, int files, CancellationToken ct)
    {
        await _reading.WaitAsync(ct);
        try
        {
            if (_last is not { } last || clock.GetElapsedTime(last.At) >= TimeSpan.FromMilliseconds(o.CheckIntervalMilliseconds))
                (_last, _admitted) = ((await ReadAsync(o, _last is { Value: null }, ct), clock.GetTimestamp()), 0);
            if (_last.Value.Value is not { } r) return null;
            var (images, regions) = (r.Images + _admitted, r.Regions + _admitted);
            if (o.MaxPendingImages > 0 && images > o.MaxPendingImages) return (o.ImagesQueue, images, o.MaxPendingImages);
            if (o.MaxPendingRegions > 0 && regions > o.MaxPendingRegions) return (o.RegionsQueue, regions, o.MaxPendingRegions);
            _admitted += files;
            return null;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>The depths now; null when they cannot be read.</summary>
    private async Task<Reading?> ReadAsync(BackPressureOptions o, bool wasUnreadable, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(o.ReadTimeoutMilliseconds));
        try
        {
            var reading = new Reading(o.MaxPendingImages > 0 ? await depth.ReadyAsync(o.ImagesQueue, timeout.Token) : 0,
                o.MaxPendingRegions > 0 ? await depth.ReadyAsync(o.RegionsQueue, timeout.Token) : 0);
            if (wasUnreadable) logger.LogInformation("Queue depths readable again; back-pressure resumes");
            return reading;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Never stall ingest on the gauge: go on unheld, and say so once per outage.
            if (!wasUnreadable) logger.LogWarning(e, "Cannot read the queue depths; ingesting without back-pressure until they can be read");
            return null;
        }
    }
}
