using System.Buffers;
using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Pipeline.Vision;

public static class ImageFiles
{
    /// <summary>Lower-case extensions the pipeline picks up; lookups ignore case (IMG_0001.JPG is common).</summary>
    public static readonly IReadOnlySet<string> Extensions = new[]
    {
        ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool HasImageExtension(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>SHA-256 of the file's bytes, streamed through a 1 MiB buffer so scans of big TIFFs stay cheap.</summary>
    public static byte[] Sha256(string path)
    {
        // bufferSize 0: FileStream's own buffer would only add a copy in front of ours.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = stream.Read(buffer)) > 0)
                hash.AppendData(buffer, 0, read);
            return hash.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
