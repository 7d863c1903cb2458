namespace Pipeline.Ingest.Worker.Archives;

/// <summary>Turns an archive entry's name into a path relative to the extraction folder, or says why it may not be one.</summary>
public static class EntryNames
{
    private static readonly string[] OtherArchives = [".7z", ".rar", ".gz", ".bz2", ".xz", ".zst", ".lz4", ".cab", ".iso"];

    public static (string? Relative, string? Refusal) Check(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('\0')) return (null, "empty or invalid entry name");
        // Both separators count: a name written on Windows climbs with '\' just as well.
        if (name[0] is '/' or '\\' || (name.Length > 1 && name[1] == ':'))
            return (null, "absolute path in the archive (path traversal): not extracted");
        var parts = name.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains("..")) return (null, "'..' in the entry's path (path traversal): not extracted");
        if (parts.Length == 0) return (null, "empty or invalid entry name");
        return (Path.Combine(parts), null);
    }

    /// <summary>Archives inside archives are left alone: each level would multiply the limits.</summary>
    public static bool IsNestedArchive(string name) =>
        ArchiveUnpacker.IsArchive(name) || OtherArchives.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);
}
