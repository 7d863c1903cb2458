namespace Pipeline.Storage.Entities;

/// <summary>An image, unique by content: its id is derived from the SHA-256 of its bytes.</summary>
public sealed class ImageRecord
{
    public Guid Id { get; set; }
    public Guid JobId { get; set; }
    public required byte[] ContentHash { get; set; }
    public required string Path { get; set; }
    public required string Format { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public long ByteSize { get; set; }
    public required string ThumbnailPath { get; set; }
    public DateTimeOffset IngestedAt { get; set; }
}
