using Pipeline.Storage;

namespace Pipeline.Cluster.Worker;

/// <summary>
/// Writes a run's phase and progress to its row about once a second, so the dashboard and `pipeline cluster --wait`
/// can show it, and cancels the run when someone has asked for that (the same round trip reads the flag).
/// Algorithms report from worker threads; only the latest value is kept and written.
/// </summary>
public sealed class RunMonitor : IProgress<double>, IAsyncDisposable
{
    private readonly ClusterStore _runs;
    private readonly Guid _runId;
    private readonly CancellationTokenSource _cancel;
    private readonly Task _loop;
    private string _phase = "reading";
    private double _progress;

    public RunMonitor(ClusterStore runs, Guid runId, TimeSpan interval, CancellationToken outer)
    {
        _runs = runs;
        _runId = runId;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _loop = LoopAsync(interval);
    }

    /// <summary>Cancelled when the message's own token is, or when the run's cancel flag is seen.</summary>
    public CancellationToken Token => _cancel.Token;

    public bool CancelRequested { get; private set; }

    public void Phase(string phase)
    {
        Volatile.Write(ref _progress, 0);
        Volatile.Write(ref _phase, phase);
    }

    public void Report(double value) => Volatile.Write(ref _progress, value);

    private async Task LoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_cancel.Token))
            {
                try
                {
                    if (!await _runs.ReportAsync(_runId, Volatile.Read(ref _phase), (float)Volatile.Read(ref _progress), _cancel.Token)) continue;
                }
                catch (Npgsql.NpgsqlException)
                {
                    continue; // progress is best effort; the run itself does not depend on it
                }
                CancelRequested = true;
                await _cancel.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        await _loop;
        _cancel.Dispose();
    }
}
