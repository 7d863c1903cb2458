namespace Pipeline.Storage;

/// <summary>Where a derivative (thumbnail, crop) of an image or region lives under the shared derivatives folder.</summary>
public static class DerivativePaths
{
    /// <summary>{root}/{kind}/{first two hex digits}/{id}.jpg: the two-level fan-out keeps directories small at millions of files.</summary>
    public static string For(string root, string kind, Guid id)
    {
        var name = id.ToString("N");
        return Path.Combine(root, kind, name[..2], name + ".jpg");
    }
}
