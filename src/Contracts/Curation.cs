namespace Pipeline.Contracts;

/// <summary>Command: train a noise filter for a model on the keep / exclude labels so far (5-fold cross-validated).</summary>
public record TrainNoiseFilter
{
    /// <summary>The task kind its progress is recorded under.</summary>
    public const string Kind = "noise-train";
    public const int DefaultTrees = 100;
    public required Guid TaskId { get; init; }
    public required string Model { get; init; }
    public int Trees { get; init; } = DefaultTrees;
    public int Seed { get; init; }
}

/// <summary>Command: apply a model's noise filter (its newest when <see cref="FilterId"/> is null) to all its vectors.</summary>
public record ApplyNoiseFilter
{
    public const string Kind = "noise-apply";
    public const int DefaultBatchSize = 20_000;
    public required Guid TaskId { get; init; }
    public required string Model { get; init; }
    public Guid? FilterId { get; init; }
    public int BatchSize { get; init; } = DefaultBatchSize;
}

/// <summary>
/// Command: store V' = A(V) for every vector of <see cref="SourceModel"/> as <see cref="TargetModel"/>. The adapter is an
/// ONNX file named relative to the workers' models folder, so no path from outside reaches the worker's disk.
/// </summary>
public record ApplyAdapter
{
    public const string Kind = "adapter";
    public const int DefaultBatchSize = 4096;
    public required Guid TaskId { get; init; }
    public required string Adapter { get; init; }
    public required string SourceModel { get; init; }
    public required string TargetModel { get; init; }
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>How the task is shown to people.</summary>
    public static string Subject(string source, string target) => $"{source} → {target}";
}
