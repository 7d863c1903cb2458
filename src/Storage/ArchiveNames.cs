namespace Pipeline.Storage;

/// <summary>The archive kinds ingest unpacks, by name: shared by the source check (a job may name one archive) and the unpacker.</summary>
public static class ArchiveNames
{
    public static string? KindOf(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return "zip";
        if (name.EndsWith(".tar", StringComparison.OrdinalIgnoreCase)) return "tar";
        if (name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)) return "tar.gz";
        return null;
    }

    public static bool IsArchive(string path) => KindOf(path) is not null;
}
