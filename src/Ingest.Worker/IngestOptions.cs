using System.ComponentModel.DataAnnotations;

namespace Pipeline.Ingest.Worker;

public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Where thumbnails and other derivatives are written; shared with the workers that read them.</summary>
    [Required]
    public string DerivativesPath { get; set; } = Path.Combine(Environment.CurrentDirectory, "data", "derivatives");

    /// <summary>Files per IngestFiles message: big enough to amortise a database round-trip, small enough to spread.</summary>
    [Range(1, 1000)]
    public int FilesPerMessage { get; set; } = 32;

    [Range(32, 1024)]
    public int ThumbnailSize { get; set; } = 256;

    /// <summary>Images declaring more pixels are refused before decoding (decompression bombs).</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 178_956_970;

    [Range(1, 64)]
    public int Parallelism { get; set; } = Environment.ProcessorCount;
}
