using Microsoft.Extensions.Options;

namespace Pipeline.Ingest.Worker.BackPressure;

/// <summary>
/// Holds a slice while Detect or Embed has more waiting than its limit (<see cref="BackPressureOptions"/>). Detect needs
/// no gate of its own: the pipeline is a line, so holding its source bounds every queue after it. One reading serves
/// every slice for the check interval; a depth that cannot be read, or a hold past its limit, lets the slice go on.
/// </summary>
public sealed class DownstreamGate(IQueueDepth depth, IOptions<BackPressureOptions> options, TimeProvider clock, ILogger<DownstreamGate> logger)
{
    private readonly SemaphoreSlim _reading = new(1, 1);
    // The latest reading and when it was taken; a failed one (null) is kept as long, so an outage costs one timeout per interval.
    private (Reading? Value, long At)? _last;

    private sealed record Reading(long Images, long Regions);

    /// <summary>Returns once both queues are within their limits (at once when they are), or when the hold is too long.</summary>
    public async Task WaitAsync(Guid jobId, CancellationToken ct)
    {
        var o = options.Value;
        if (o.MaxPendingImages == 0 && o.MaxPendingRegions == 0) return;
        var start = clock.GetTimestamp();
        var holding = false;
        while (await ReadAsync(o, ct) is { } r && Over(o, r) is { } over)
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

    private static (string Queue, long Depth, int Limit)? Over(BackPressureOptions o, Reading r) =>
        o.MaxPendingImages > 0 && r.Images > o.MaxPendingImages ? (o.ImagesQueue, r.Images, o.MaxPendingImages)
        : o.MaxPendingRegions > 0 && r.Regions > o.MaxPendingRegions ? (o.RegionsQueue, r.Regions, o.MaxPendingRegions)
        : null;

    /// <summary>The depths, read at most once per check interval; null when they cannot be read.</summary>
    private async Task<Reading?> ReadAsync(BackPressureOptions o, CancellationToken ct)
    {
        await _reading.WaitAsync(ct);
        try
        {
            if (_last is { } last && clock.GetElapsedTime(last.At) < TimeSpan.FromMilliseconds(o.CheckIntervalMilliseconds)) return last.Value;
            var wasUnreadable = _last is { Value: null };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(o.ReadTimeoutMilliseconds));
            try
            {
                var reading = new Reading(o.MaxPendingImages > 0 ? await depth.ReadyAsync(o.ImagesQueue, timeout.Token) : 0,
                    o.MaxPendingRegions > 0 ? await depth.ReadyAsync(o.RegionsQueue, timeout.Token) : 0);
                if (wasUnreadable) logger.LogInformation("Queue depths readable again; back-pressure resumes");
                _last = (reading, clock.GetTimestamp());
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Never stall ingest on the gauge: go on unheld, and say so once per outage.
                if (!wasUnreadable) logger.LogWarning(e, "Cannot read the queue depths; ingesting without back-pressure until they can be read");
                _last = (null, clock.GetTimestamp());
            }
            return _last.Value.Value;
        }
        finally
        {
            _reading.Release();
        }
    }
}
