namespace Pipeline.Ingest.Worker.Archives;

/// <summary>The limits every archive is unpacked under (settings <c>Ingest:MaxArchiveEntries</c>, <c>MaxArchiveBytes</c>, <c>MaxCompressionRatio</c>).</summary>
public sealed record ArchiveLimits(int MaxEntries, long MaxBytes, int MaxRatio)
{
    /// <summary>The ratio is only held against sizes past 1 MiB: small flat-colour files compress well and harm no one.</summary>
    public const long RatioFloor = 1 << 20;

    public long RatioBudget(long compressed) => Math.Max(RatioFloor, compressed > long.MaxValue / MaxRatio ? long.MaxValue : compressed * MaxRatio);
}

/// <summary>What one archive gave: image files extracted to disk (the later stages read them there) and what was refused, with why.</summary>
public sealed record ArchiveContents(IReadOnlyList<string> Files, IReadOnlyList<(string Path, string Reason)> Refused);

/// <summary>One archive being unpacked: its counts against the limits, and each entry's outcome, every path once.</summary>
internal sealed class ArchiveExtraction(string archive, string destination, ArchiveLimits limits)
{
    private readonly List<string> _files = [];
    private readonly List<(string, string)> _refused = [];
    private readonly HashSet<string> _refusedPaths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _entries;
    private long _bytes;

    public ArchiveContents Contents => new(_files, _refused);

    /// <summary>Records why the archive itself, or what is left of it, was not unpacked.</summary>
    public void RefuseArchive(string reason) => Refuse(archive, reason);

    public void RefuseEntry(string name, string reason) => Refuse(ArchiveUnpacker.EntryPath(archive, name), reason);

    /// <summary>Every entry counts, folders too: the limit bounds the work, not only the files.</summary>
    public void CountEntry()
    {
        if (++_entries > limits.MaxEntries)
            throw new ArchiveLimitException($"more than {limits.MaxEntries} entries: the rest of the archive was not unpacked");
    }

    /// <summary>Where a file entry goes, or null when it is refused (and recorded); <paramref name="refusal"/> is the format's own objection.</summary>
    public string? Target(string name, long declared, string? refusal = null)
    {
        var (relative, nameRefusal) = EntryNames.Check(name);
        refusal = nameRefusal ?? refusal;
        if (refusal is null && EntryNames.IsNestedArchive(relative!)) refusal = "archive inside an archive: not unpacked";
        refusal ??= FileIngestor.TypeRefusal(relative!);
        if (refusal is null && !_names.Add(relative!)) refusal = "the archive holds another entry of the same name";
        if (refusal is null && declared > limits.MaxBytes - _bytes)
            refusal = $"expands to {declared} bytes, over what is left of the {limits.MaxBytes}-byte limit per archive";
        var target = refusal is null ? Path.GetFullPath(Path.Combine(destination, relative!)) : null;
        // Checked again on the final path, in case a name slipped through the rules above.
        if (target is not null && !target.StartsWith(destination + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            (target, refusal) = (null, "leads outside the extraction folder: not extracted");
        if (refusal is not null) RefuseEntry(name, refusal);
        return target;
    }

    /// <summary>
    /// Copies an entry to a side file renamed at the end, so a reader never sees half a file, even on redelivery. An entry
    /// that cannot be written (a name clashing with a folder, a full disk) is refused; a source that ends early is damage.
    /// </summary>
    public void Write(string name, string target, Stream data, long declared)
    {
        var partial = target + ".partial";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            long written;
            using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                data.CopyTo(output);
                written = output.Length;
            }
            if (written < declared) throw new EndOfStreamException($"'{name}' ends after {written} of its {declared} bytes");
            File.Move(partial, target, overwrite: true);
        }
        catch (Exception e)
        {
            if (File.Exists(partial)) File.Delete(partial);
            if (e is not IOException || e is EndOfStreamException) throw;
            RefuseEntry(name, $"cannot extract: {e.Message}");
            return;
        }
        _bytes += declared;
        _files.Add(target);
    }

    private void Refuse(string path, string reason)
    {
        if (_refusedPaths.Add(path)) _refused.Add((path, reason));
    }
}
