namespace Pipeline.ServiceDefaults.Workers;

/// <summary>What a worker process tells the dashboard about itself: the models it runs and how it takes messages.</summary>
public sealed record WorkerProfile(IReadOnlyList<string> Models, int BatchSize, int Prefetch)
{
    /// <summary>For a worker that registers none: one message at a time, no model.</summary>
    public static WorkerProfile Plain { get; } = new([], 1, 0);
}
