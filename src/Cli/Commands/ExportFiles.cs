namespace Pipeline.Cli.Commands;

/// <summary>How exports lay out files: a link (or a copy) per image in a folder, named so names never collide, and CSV cells.</summary>
internal static class ExportFiles
{
    /// <summary>Places the image in the folder as prefix_name; the prefix (an id or a rank) keeps equal names apart.</summary>
    public static void Place(string folder, string prefix, string source, bool copy)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{prefix}_{Path.GetFileName(source)}");
        if (File.Exists(file) || Directory.Exists(file)) File.Delete(file);
        if (copy) File.Copy(source, file);
        else File.CreateSymbolicLink(file, source);
    }

    public static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
