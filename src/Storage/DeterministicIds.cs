using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Storage;

/// <summary>Ids derived from content, so that redelivered messages map onto the rows they already made.</summary>
public static class DeterministicIds
{
    public static Guid FromHash(ReadOnlySpan<byte> sha256) => new(sha256[..16]);

    public static Guid ForRegion(Guid imageId, int x, int y, int width, int height, string? label)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{imageId:N}/{x},{y},{width},{height}/{label}"), hash);
        return new Guid(hash[..16]);
    }
}
