namespace Pipeline.Vision;

/// <summary>Format by signature, never by extension: archives hold plenty of misnamed files.</summary>
internal static class ImageFormats
{
    public const int SignatureLength = 12;

    static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Jpeg)) return "jpeg";
        if (head.StartsWith(Png)) return "png";
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return "gif";
        if (head.StartsWith("BM"u8)) return "bmp";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "webp";
        // Classic TIFF and BigTIFF, both byte orders.
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) || head.StartsWith("II+\0"u8) || head.StartsWith("MM\0+"u8))
            return "tiff";
        return null;
    }

    /// <summary>How a format is named in rejection reasons ("truncated JPEG").</summary>
    public static string Display(string format) => format == "webp" ? "WebP" : format.ToUpperInvariant();
}
