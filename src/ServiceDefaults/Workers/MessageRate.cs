namespace Pipeline.ServiceDefaults.Workers;

/// <summary>
/// Counts events in one-second buckets over the last minute, and in total, lock-free: consumers add from many threads,
/// the heartbeat reads. Time is passed in (whole seconds), so the counting is tested without waiting.
/// </summary>
public sealed class MessageRate
{
    private const int Window = 60;
    private readonly long[] _counts = new long[Window];
    private readonly long[] _seconds = new long[Window];
    private long _total;

    /// <summary>Every event since the process started, exactly (the buckets may lose one to a race; this never does).</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Add(long second, long count = 1)
    {
        Interlocked.Add(ref _total, count);
        var slot = (int)(second % Window);
        // A bucket last used a minute or more ago starts again from zero; if two threads race here one
        // increment may be lost, which a throughput figure can afford.
        if (Interlocked.Exchange(ref _seconds[slot], second) != second) Interlocked.Exchange(ref _counts[slot], 0);
        Interlocked.Add(ref _counts[slot], count);
    }

    /// <summary>Events in the 60 seconds ending with <paramref name="second"/>.</summary>
    public long LastMinute(long second)
    {
        long sum = 0;
        for (var i = 0; i < Window; i++)
            if (second - Volatile.Read(ref _seconds[i]) is >= 0 and < Window) sum += Volatile.Read(ref _counts[i]);
        return sum;
    }
}
