namespace Pipeline.Storage.Entities;

/// <summary>A person's keep / exclude judgement on a region, the noise filter's training data. Independent of models.</summary>
public sealed class CurationLabel
{
    public Guid RegionId { get; set; }
    public bool Keep { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A trained noise filter for one model: the forest, how well it cross-validated, and how far applying it has got
/// (every vector of the model with id up to <see cref="AppliedUpTo"/> is excluded or not by it).
/// </summary>
public sealed class NoiseFilter
{
    public Guid Id { get; set; }
    public int ModelId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int LabelCount { get; set; }
    public double WeightedF1 { get; set; }
    public required byte[] Forest { get; set; }
    public long AppliedUpTo { get; set; }
    public long KeptCount { get; set; }
    public long ExcludedCount { get; set; }
}
