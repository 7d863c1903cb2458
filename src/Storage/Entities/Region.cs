namespace Pipeline.Storage.Entities;

/// <summary>A box on an image (the whole image when no detector runs). Id derived from image and box, so re-detection is idempotent.</summary>
public sealed class Region
{
    public Guid Id { get; set; }
    public Guid ImageId { get; set; }
    public Guid JobId { get; set; }
    public int X { get; set; }
    public int Y { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public string? Label { get; set; }
    public float? Score { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
}
