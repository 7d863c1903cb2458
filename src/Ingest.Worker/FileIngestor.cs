using Microsoft.Extensions.Options;
using Pipeline.Storage;
using Pipeline.Storage.Entities;
using Pipeline.Vision;

namespace Pipeline.Ingest.Worker;

/// <summary>One file: hash, read the header, write a thumbnail. Never throws for bad input; returns the reason instead.</summary>
public sealed class FileIngestor(IOptions<IngestOptions> options, ILogger<FileIngestor> logger)
{
    private readonly ImageProbe _probe = new(options.Value.MaxPixels);
    private readonly ThumbnailWriter _thumbnails = new(options.Value.ThumbnailSize, maxPixels: options.Value.MaxPixels);

    public const string SymlinkRefusal = "symbolic link not followed";

    /// <summary>Why a file is not even looked at, by its name: the same rule for files on disk and entries in archives.</summary>
    public static string? TypeRefusal(string path) =>
        ImageFiles.HasImageExtension(path) ? null : $"unsupported file type '{Path.GetExtension(path)}'";

    public (ImageRecord? Image, string? Failure) Ingest(Guid jobId, string path)
    {
        try
        {
            // Only the paths a walk or an unpacking gives: absolute, without '..', not a link (never followed, here either).
            if (!Path.IsPathFullyQualified(path) || Path.GetFullPath(path) != path) return (null, "not a normalised absolute path");
            var file = new FileInfo(path);
            if (file.LinkTarget is not null) return (null, SymlinkRefusal);
            if (TypeRefusal(path) is { } refusal) return (null, refusal);
            // Before anything opens it: a FIFO or a device also reports 0 bytes, and opening one could block or never end.
            if (file.Length == 0) return (null, "empty file (0 bytes), or not a regular file");
            var info = _probe.Identify(path);
            var hash = ImageFiles.Sha256(path);
            var id = DeterministicIds.FromHash(hash);
            var thumbnail = DerivativePaths.For(options.Value.DerivativesPath, "thumbnails", id);
            if (!File.Exists(thumbnail)) _thumbnails.Write(path, thumbnail);
            return (new ImageRecord
            {
                Id = id, JobId = jobId, ContentHash = hash, Path = path, Format = info.Format,
                Width = info.Width, Height = info.Height, ByteSize = file.Length,
                ThumbnailPath = thumbnail, IngestedAt = DateTimeOffset.UtcNow,
            }, null);
        }
        catch (ImageRejectedException e)
        {
            return (null, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot read {Path}: {Reason}", path, e.Message);
            return (null, $"unreadable: {e.Message}");
        }
    }
}
