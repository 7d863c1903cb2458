using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Ingest.Worker.BackPressure;

namespace Pipeline.Workers.Tests;

/// <summary>The Ingest worker's hold logic against a stand-in depth reader, with short real intervals.</summary>
public class DownstreamGateTests
{
    private readonly StandInDepth _depth = new();

    private DownstreamGate Gate(int images = 100, int regions = 400, int holdSeconds = 30, int checkMs = 20) => new(_depth, Options.Create(new BackPressureOptions
    {
        MaxPendingImages = images, MaxPendingRegions = regions, CheckIntervalMilliseconds = checkMs, ReadTimeoutMilliseconds = 200,
        MaxHoldSeconds = holdSeconds,
    }), TimeProvider.System, NullLogger<DownstreamGate>.Instance);

    [Fact]
    public async Task Within_the_limits_a_slice_goes_on_at_once()
    {
        _depth.Set(images: 100, regions: 400);
        var elapsed = await TimeAsync(() => Gate(checkMs: 5000).WaitAsync(Guid.Empty, 8, default));
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"held {elapsed}");
        Assert.Equal(2, _depth.Reads);
    }

    [Theory]
    [InlineData(101, 0)]
    [InlineData(0, 401)]
    public async Task Over_either_limit_a_slice_waits_until_the_queue_drains(int images, int regions)
    {
        _depth.Set(images, regions);
        var wait = Gate().WaitAsync(Guid.Empty, 8, default);
        await Task.Delay(300);
        Assert.False(wait.IsCompleted, "went on while the downstream queue was over its limit");

        _depth.Set(images: 10, regions: 10);
        await wait.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Files_let_through_since_the_last_reading_count_against_the_limit()
    {
        _depth.Set(images: 90, regions: 0);
        var gate = Gate(checkMs: 5000);
        await gate.WaitAsync(Guid.Empty, 8, default).WaitAsync(TimeSpan.FromSeconds(1)); // 90 waiting
        await gate.WaitAsync(Guid.Empty, 8, default).WaitAsync(TimeSpan.FromSeconds(1)); // 98
        var third = gate.WaitAsync(Guid.Empty, 8, default);                                // 106 > 100
        await Task.Delay(300);
        Assert.False(third.IsCompleted, "a third slice went on, on a reading that two slices had already used up");
        Assert.Equal(2, _depth.Reads);
    }

    [Fact]
    public async Task A_hold_ends_after_its_limit_even_if_the_queue_never_drains()
    {
        _depth.Set(images: 5000, regions: 0);
        var elapsed = await TimeAsync(() => Gate(holdSeconds: 1).WaitAsync(Guid.Empty, 8, default).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_depth_that_cannot_be_read_never_holds_and_is_not_asked_again_within_the_interval()
    {
        _depth.Fail = true;
        var gate = Gate(checkMs: 5000);
        await gate.WaitAsync(Guid.Empty, 8, default).WaitAsync(TimeSpan.FromSeconds(1));
        await gate.WaitAsync(Guid.Empty, 8, default).WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _depth.Reads);
    }

    [Fact]
    public async Task A_reading_that_hangs_times_out_and_the_slice_goes_on()
    {
        _depth.Hang = true;
        _depth.Set(images: 5000, regions: 0);
        var elapsed = await TimeAsync(() => Gate().WaitAsync(Guid.Empty, 8, default).WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task A_zero_limit_turns_the_gate_off()
    {
        _depth.Set(images: 5000, regions: 50_000);
        await Gate(images: 0, regions: 0).WaitAsync(Guid.Empty, 8, default).WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(0, _depth.Reads);
    }

    [Fact]
    public async Task Stopping_the_worker_ends_a_hold()
    {
        _depth.Set(images: 5000, regions: 0);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Gate().WaitAsync(Guid.Empty, 8, stop.Token).WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Slices_checked_together_share_one_reading()
    {
        _depth.Set(images: 1, regions: 1);
        var gate = Gate(checkMs: 5000);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => gate.WaitAsync(Guid.Empty, 8, default)));
        Assert.Equal(2, _depth.Reads);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> wait)
    {
        var start = Stopwatch.GetTimestamp();
        await wait();
        return Stopwatch.GetElapsedTime(start);
    }

    private sealed class StandInDepth : IQueueDepth
    {
        private long _images, _regions;
        private int _reads;
        public bool Fail { get; set; }
        public bool Hang { get; set; }
        public int Reads => _reads;

        public void Set(long images, long regions) => (_images, _regions) = (images, regions);

        public async Task<long> ReadyAsync(string queue, CancellationToken ct)
        {
            Interlocked.Increment(ref _reads);
            if (Fail) throw new InvalidOperationException("broker unreachable");
            if (Hang) await Task.Delay(Timeout.Infinite, ct);
            return queue == "image-ingested" ? _images : queue == "region-detected" ? _regions : throw new ArgumentException(queue);
        }
    }
}
