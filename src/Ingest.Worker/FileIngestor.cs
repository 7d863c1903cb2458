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

    public (ImageRecord? Image, string? Failure) Ingest(Guid jobId, string path)
    {
        try
        {
            if (!ImageFiles.HasImageExtension(path))
                return (null, $"unsupported file type '{Path.GetExtension(path)}'");
            var info = _probe.Identify(path);
            var hash = ImageFiles.Sha256(path);
            var id = DeterministicIds.FromHash(hash);
            var thumbnail = DerivativePaths.For(options.Value.DerivativesPath, "thumbnails", id);
            if (!File.Exists(thumbnail)) _thumbnails.Write(path, thumbnail);
            return (new ImageRecord
            {
                Id = id, JobId = jobId, ContentHash = hash, Path = path, Format = info.Format,
                Width = info.Width, Height = info.Height, ByteSize = new FileInfo(path).Length,
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
