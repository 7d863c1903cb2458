namespace Pipeline.Contracts;

/// <summary>Event: a region of an image is stored and ready to embed. Box in original pixels.</summary>
public record RegionDetected
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required Guid RegionId { get; init; }
    public required string ImagePath { get; init; }
    /// <summary>A small stored copy of exactly this region (thumbnail or crop), for display and cheap descriptors.</summary>
    public string? DerivativePath { get; init; }
    public required int X { get; init; }
    public required int Y { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public string? Label { get; init; }
    public float? Score { get; init; }
}

/// <summary>Event: a region's vector is stored for a model.</summary>
public record VectorEmbedded
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required Guid RegionId { get; init; }
    public required string Model { get; init; }
    public required int Dimensions { get; init; }
}
