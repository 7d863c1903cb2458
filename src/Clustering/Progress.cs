namespace Pipeline.Clustering;

/// <summary>
/// Maps one stage's 0..1 onto its slice of the caller's 0..1 and forwards only reports that move the bar by at
/// least a thousandth, in increasing order, so worker threads can call it freely.
/// </summary>
internal sealed class StageProgress(IProgress<double>? sink, double from, double to)
{
    private readonly Lock _gate = new();
    private long _lastPermille = -1;

    public void Report(double fraction)
    {
        if (sink is null) return;
        long permille = (long)(Math.Clamp(fraction, 0, 1) * 1000);
        if (permille <= Volatile.Read(ref _lastPermille)) return;
        lock (_gate)
        {
            if (permille <= _lastPermille) return;
            _lastPermille = permille;
            sink.Report(from + (to - from) * permille / 1000.0);
        }
    }
}
