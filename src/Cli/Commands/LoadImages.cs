using System.Diagnostics;
using System.Threading.Channels;
using Pipeline.Vision;

namespace Pipeline.Cli.Commands;

/// <summary>
/// Folders of fresh JPEGs for a load run, generated in the background a few folders ahead of need. Every folder has
/// its own seed, so nothing is skipped as a duplicate. Generation runs on the same cores as the workers: its wall time
/// and the CPU time this process spent on it are kept, to be reported beside the figure. With <c>onlyAhead</c> nothing is
/// generated after the first <c>ahead</c> folders, so the workers have the cores to themselves.
/// </summary>
internal sealed class LoadImages(string root, int perFolder, int width, int height, int ahead, bool onlyAhead) : IAsyncDisposable
{
    private readonly Channel<string> _ready = Channel.CreateBounded<string>(ahead);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _seed = Random.Shared.Next();
    private Task? _producer;
    private long _ticks, _cpuTicks;

    public int Folders { get; private set; }
    public TimeSpan Wall => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
    public TimeSpan Cpu => TimeSpan.FromTicks(Interlocked.Read(ref _cpuTicks));

    /// <summary>Starts generating and returns once <c>ahead</c> folders are ready (before any clock starts).</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _producer = Task.Run(async () =>
        {
            for (var i = 0; !_stop.IsCancellationRequested && (!onlyAhead || i < ahead); i++) await _ready.Writer.WriteAsync(Generate(i), _stop.Token);
        }, _stop.Token);
        while (_ready.Reader.Count < ahead && !_producer.IsFaulted) await Task.Delay(100, ct);
        if (_producer.IsFaulted) await _producer;
    }

    /// <summary>The next folder when one is ready; none means generation is behind the workers.</summary>
    public bool TryTake(out string folder) => _ready.Reader.TryRead(out folder!);

    private string Generate(int index)
    {
        var folder = Path.Combine(root, $"batch-{index:D4}");
        var (start, cpu) = (Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime);
        SyntheticImages.Generate(folder, perFolder, 8, width, height, seed: unchecked(_seed + index));
        Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(start).Ticks);
        Interlocked.Add(ref _cpuTicks, (Process.GetCurrentProcess().TotalProcessorTime - cpu).Ticks);
        Folders++;
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { if (_producer is not null) await _producer; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
