using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Inference.Models.Download;

/// <summary>
/// One file of a downloadable model: where it comes from (<c>hf:owner/repo</c> or <c>gh:owner/repo</c>), the
/// revision (a 40-hex commit is pinned; a branch name still has to be pinned), its path there, its path in the
/// model folder, and its SHA-256 ("-" until pinned).
/// </summary>
public sealed partial record LockEntry(string Model, string Source, string Revision, string RemotePath, string LocalPath, string Sha256)
{
    public const string Unknown = "-";

    public bool IsPinned => CommitPattern().IsMatch(Revision) && ShaPattern().IsMatch(Sha256);

    [GeneratedRegex("^[0-9a-f]{40}$")]
    internal static partial Regex CommitPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex ShaPattern();
}

/// <summary>The lock file: tab-separated entries, '#' comments kept in place so a pinned file diffs cleanly.</summary>
public sealed class ModelLock
{
    private readonly List<object> _lines; // comment strings and entries, in file order

    private ModelLock(List<object> lines) => _lines = lines;

    public IReadOnlyList<LockEntry> Entries => _lines.OfType<LockEntry>().ToList();

    public static ModelLock Parse(string text, string origin)
    {
        var lines = new List<object>();
        var number = 0;
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#')) { lines.Add(line); continue; }
            var f = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (f.Length != 6)
                throw new InvalidDataException($"{origin}:{number}: expected 6 tab-separated fields (model, source, revision, remote path, local path, sha256), found {f.Length}");
            if (!f[1].StartsWith("hf:", StringComparison.Ordinal) && !f[1].StartsWith("gh:", StringComparison.Ordinal))
                throw new InvalidDataException($"{origin}:{number}: source '{f[1]}' is neither hf:owner/repo nor gh:owner/repo");
            if (Path.IsPathRooted(f[4]) || f[4].Split('/').Contains(".."))
                throw new InvalidDataException($"{origin}:{number}: local path '{f[4]}' must stay inside the model folder");
            lines.Add(new LockEntry(f[0], f[1], f[2], f[3], f[4], f[5].ToLowerInvariant()));
        }
        if (lines.Count > 0 && lines[^1] is "") lines.RemoveAt(lines.Count - 1);
        return new ModelLock(lines);
    }

    public static ModelLock Read(string path) => File.Exists(path)
        ? Parse(File.ReadAllText(path), path)
        : throw new FileNotFoundException($"The model lock file '{path}' does not exist.", path);

    /// <summary>Replaces entries (matched by model and local path) with their pinned versions.</summary>
    public void Update(IEnumerable<LockEntry> pinned)
    {
        foreach (var entry in pinned)
        {
            var index = _lines.FindIndex(l => l is LockEntry e && e.Model == entry.Model && e.LocalPath == entry.LocalPath);
            if (index >= 0) _lines[index] = entry;
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var line in _lines)
            text.Append(line is LockEntry e ? string.Join('\t', e.Model, e.Source, e.Revision, e.RemotePath, e.LocalPath, e.Sha256) : line).Append('\n');
        return text.ToString();
    }
}
