namespace Pipeline.Cli.Commands;

/// <summary>What a load run measures: images embedded per interval, and the deepest each queue got.</summary>
internal sealed class LoadFigures(IReadOnlyList<string> queues, TimeSpan warmup)
{
    private readonly List<(TimeSpan End, double Rate)> _intervals = [];
    private readonly Dictionary<string, long> _max = queues.ToDictionary(q => q, _ => 0L);
    private long _embeddedAtWarmup = -1;
    private TimeSpan _warmupEnd;

    /// <summary>Notes the depths (ready + unacked; null where unknown) and returns them as printed columns.</summary>
    public string Depths(IReadOnlyDictionary<string, long?> depths) => string.Join(" ", queues.Select(q =>
    {
        var depth = depths.GetValueOrDefault(q);
        if (depth is { } d) _max[q] = Math.Max(_max[q], d);
        return $"{depth?.ToString() ?? "?",15}";
    }));

    public void Interval(TimeSpan start, TimeSpan end, long embeddedBefore, long embedded)
    {
        _intervals.Add((end, (embedded - embeddedBefore) / (end - start).TotalSeconds));
        if (_embeddedAtWarmup < 0 && start >= warmup) (_embeddedAtWarmup, _warmupEnd) = (embeddedBefore, start);
    }

    public void PrintSummary(TimeSpan elapsed, long embedded)
    {
        var measured = _intervals.Where(i => i.End > _warmupEnd && _embeddedAtWarmup >= 0).Select(i => i.Rate).Order().ToList();
        Console.WriteLine();
        if (measured.Count == 0)
            Console.WriteLine($"no interval after the {warmup.TotalSeconds:F0} s warm-up: run longer than --warmup");
        else
        {
            var median = measured.Count % 2 == 1 ? measured[measured.Count / 2] : (measured[measured.Count / 2 - 1] + measured[measured.Count / 2]) / 2;
            var span = (elapsed - _warmupEnd).TotalSeconds;
            Console.WriteLine($"sustained after a {_warmupEnd.TotalSeconds:F0} s warm-up ({measured.Count} intervals, {span:F0} s): " +
                $"median {median:F1} images/s, mean {measured.Average():F1}, min {measured[0]:F1}, max {measured[^1]:F1}; " +
                $"{embedded - _embeddedAtWarmup} images in {span:F0} s = {(embedded - _embeddedAtWarmup) / span:F1} images/s");
        }
        Console.WriteLine($"overall: {embedded} images embedded in {elapsed.TotalSeconds:F0} s ({embedded / elapsed.TotalSeconds:F1} images/s, warm-up included)");
        Console.WriteLine("max depth (ready + unacked): " + string.Join(", ", queues.Select(q => $"{q} {_max[q]}")));
    }
}
