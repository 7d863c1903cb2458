using System.ComponentModel.DataAnnotations;
using Pipeline.Ingest.Worker.Archives;

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

    /// <summary>Where archives (.zip, .tar, .tar.gz, .tgz) are unpacked, one folder each; empty means <c>extracted</c> under DerivativesPath.</summary>
    public string? ExtractPath { get; set; }

    /// <summary>Entries read from one archive at most (folders count); past it the rest of the archive is refused.</summary>
    [Range(1, 10_000_000)]
    public int MaxArchiveEntries { get; set; } = 100_000;

    /// <summary>Bytes one archive may expand to, all its files together.</summary>
    [Range(1, long.MaxValue)]
    public long MaxArchiveBytes { get; set; } = 64L << 30;

    /// <summary>Expanded size over compressed size, per zip entry and per gzip stream (compression bombs); held against sizes past 1 MiB.</summary>
    [Range(1, 100_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    public string ExtractRoot => string.IsNullOrWhiteSpace(ExtractPath) ? Path.Combine(DerivativesPath, "extracted") : ExtractPath;

    public ArchiveLimits ArchiveLimits => new(MaxArchiveEntries, MaxArchiveBytes, MaxCompressionRatio);

    [Range(1, 64)]
    public int Parallelism { get; set; } = Environment.ProcessorCount;
}
