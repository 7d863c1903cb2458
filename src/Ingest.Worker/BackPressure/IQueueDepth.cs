namespace Pipeline.Ingest.Worker.BackPressure;

/// <summary>Reads how many messages wait, ready, in a queue. Throws when it cannot tell.</summary>
public interface IQueueDepth
{
    Task<long> ReadyAsync(string queue, CancellationToken ct);
}
