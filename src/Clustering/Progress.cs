namespace Pipeline.Clustering;

/// <summary>
/// Maps one stage's 0..1 onto its slice of the caller's 0..1 and drops reports that would not move the bar,
/// so worker threads can call it freely.
/// </summary>
internal sealed class StageProgress(IProgress<double>? sink, double from, double to)
{
    private long _lastPermille = -1;

    public void Report(double fraction)
    {
        if (sink is null) return;
        long permille = (long)(Math.Clamp(fraction, 0, 1) * 1000);
        long last = Interlocked.Read(ref _lastPermille);
        if (permille <= last || Interlocked.CompareExchange(ref _lastPermille, permille, last) != last) return;
        sink.Report(from + (to - from) * permille / 1000.0);
    }
}
