namespace Pipeline.Vision;

/// <summary>Reads only what the header says; refuses files the rest of the pipeline could not decode safely.</summary>
public sealed class ImageProbe(long maxPixels = ImageProbe.DefaultMaxPixels)
{
    /// <summary>Pillow's hard decompression-bomb limit (2 x 89,478,485 pixels); a 600 dpi A2 scan fits under it.</summary>
    public const long DefaultMaxPixels = 178_956_970;

    /// <exception cref="ImageRejectedException">empty, unknown signature, unreadable header, or too many pixels.</exception>
    public ImageInfo Identify(string path)
    {
        using var source = SourceImage.Open(path, maxPixels);
        return source.Info;
    }
}
