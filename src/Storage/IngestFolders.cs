namespace Pipeline.Storage;

/// <summary>Where ingest jobs may read from: setting <c>Ingest:AllowedRoots</c>, read by the dashboard and the Ingest worker.</summary>
public sealed class IngestFolderOptions
{
    public const string Section = "Ingest";

    /// <summary>Folders a job's path must lie inside once <c>..</c> and symlinks are resolved; empty allows any folder.</summary>
    public List<string> AllowedRoots { get; set; } = [];
}

/// <summary>
/// The one check of an ingest folder, used where a job is requested (dashboard) and where it runs (StartIngest), so a
/// command sent by other means is refused too: the folder exists, is readable, and does not escape the allowed roots.
/// </summary>
public static class IngestFolders
{
    /// <summary>
    /// The folder (or a single archive: zip, tar, tar.gz) with every symlink resolved, or why it cannot be ingested.
    /// </summary>
    public static (string? Folder, string? Error) Check(string path, IReadOnlyList<string> allowedRoots)
    {
        if (string.IsNullOrWhiteSpace(path)) return (null, "give the folder to ingest");
        if (!Path.IsPathFullyQualified(path)) return (null, $"'{path}' is not an absolute path");
        string source;
        try
        {
            source = Resolve(path);
            if (ArchiveNames.IsArchive(source) && File.Exists(source))
                File.OpenHandle(source).Dispose();
            else if (!Directory.Exists(source)) return (null, $"folder '{path}' does not exist");
            else
            {
                using var entries = Directory.EnumerateFileSystemEntries(source).GetEnumerator();
                entries.MoveNext();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return (null, $"'{path}' is not readable: {e.Message}");
        }
        if (allowedRoots.Count > 0 && !allowedRoots.Any(root => IsInside(source, Resolve(root))))
            return (null, $"'{path}' is outside the allowed roots ({string.Join(", ", allowedRoots)})");
        return (source, null);
    }

    private static bool IsInside(string folder, string root)
    {
        var r = Path.TrimEndingDirectorySeparator(root);
        return folder == r || folder.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Like realpath(3): each component's symlink is followed in turn, so a link anywhere in the path counts.</summary>
    private static string Resolve(string path, int depth = 0)
    {
        if (depth > 40) throw new IOException($"too many levels of symbolic links in '{path}'");
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null)
                current = Resolve(info.ResolveLinkTarget(returnFinalTarget: true)!.FullName, depth + 1);
        }
        return current;
    }
}
