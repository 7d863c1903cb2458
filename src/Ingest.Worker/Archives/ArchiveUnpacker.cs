using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Storage;

namespace Pipeline.Ingest.Worker.Archives;

/// <summary>
/// Unpacks a .zip, .tar, .tar.gz or .tgz into its own folder under the extraction root, refusing (with a reason) what
/// could escape that folder, links and devices, archives inside archives, and whatever breaks the limits. Counts bytes
/// as they are copied, since headers lie. Never throws for bad input.
/// </summary>
public sealed class ArchiveUnpacker(string extractRoot, ArchiveLimits limits)
{
    private const int UnixFileTypeMask = 0xF000, UnixSymlink = 0xA000;

    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(extractRoot));

    public static bool IsArchive(string path) => ArchiveNames.IsArchive(path);

    /// <summary>The path an archive's refused entry is recorded under: <c>archive!/entry</c>.</summary>
    public static string EntryPath(string archive, string entry) => $"{archive}!/{entry}";

    public static bool IsEntryPath(string path) => path.IndexOf("!/", StringComparison.Ordinal) is > 0 and var i && IsArchive(path[..i]);

    /// <summary>
    /// The archive's folder: named by its full path, size and time, so a redelivered job unpacks into the same place
    /// (nothing counted twice) and a changed archive gets a fresh one.
    /// </summary>
    public string DestinationFor(string archive)
    {
        var info = new FileInfo(archive);
        var key = Encoding.UTF8.GetBytes($"{info.FullName}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}");
        return Path.Combine(Root, Convert.ToHexStringLower(SHA256.HashData(key))[..32]);
    }

    public ArchiveContents Unpack(string archive)
    {
        FileStream file;
        try
        {
            file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ArchiveContents([], [(archive, $"unreadable: {e.Message}")]);
        }
        var run = new ArchiveExtraction(archive, DestinationFor(archive), limits);
        try
        {
            using (file)
                switch (ArchiveNames.KindOf(archive))
                {
                    case "zip": UnpackZip(file, run); break;
                    case "tar": UnpackTar(file, run); break;
                    default:
                        var bound = limits.RatioBudget(file.Length);
                        using (var tar = new BoundedStream(new GZipStream(file, CompressionMode.Decompress), bound, _ =>
                                   $"expands past {limits.MaxRatio}:1 of its compressed size (compression bomb): the rest was not unpacked"))
                            UnpackTar(tar, run);
                        break;
                }
        }
        catch (ArchiveLimitException e)
        {
            run.RefuseArchive(e.Message);
        }
        catch (Exception e) when (IsDamage(e))
        {
            run.RefuseArchive($"corrupt or truncated archive: {e.Message}");
        }
        return run.Contents;
    }

    private void UnpackZip(Stream file, ArchiveExtraction run)
    {
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            run.CountEntry();
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\')) continue;
            var refusal = ((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymlink ? "symbolic link entry: not extracted"
                : entry.Length > limits.RatioBudget(entry.CompressedLength)
                    ? $"compression ratio {entry.Length / Math.Max(1, entry.CompressedLength)}:1 is over the limit of {limits.MaxRatio}:1 (compression bomb): not extracted"
                    : null;
            if (run.Target(entry.FullName, entry.Length, refusal) is not { } target) continue;
            try
            {
                // ZipArchive stops at the declared size today; the bytes are counted anyway, as the format lets them run on.
                using var data = new BoundedStream(entry.Open(), entry.Length, declared =>
                    $"holds more than the {declared} bytes its header declares: not extracted");
                run.Write(entry.FullName, target, data, entry.Length);
            }
            // The central directory is intact, so one damaged entry costs only itself.
            catch (Exception e) when (e is ArchiveLimitException || IsDamage(e))
            {
                run.RefuseEntry(entry.FullName, e is ArchiveLimitException ? e.Message : $"damaged entry: {e.Message}");
            }
        }
    }

    private static void UnpackTar(Stream stream, ArchiveExtraction run)
    {
        using var tar = new TarReader(stream);
        while (tar.GetNextEntry() is { } entry)
        {
            run.CountEntry();
            switch (entry.EntryType)
            {
                case TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes:
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    if (run.Target(entry.Name, entry.Length) is { } target) run.Write(entry.Name, target, entry.DataStream ?? Stream.Null, entry.Length);
                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    run.RefuseEntry(entry.Name, $"{(entry.EntryType == TarEntryType.HardLink ? "hard" : "symbolic")} link entry (to '{entry.LinkName}'): not extracted");
                    break;
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    run.RefuseEntry(entry.Name, "device or FIFO entry: not extracted");
                    break;
                default:
                    run.RefuseEntry(entry.Name, $"unsupported tar entry type {entry.EntryType}: not extracted");
                    break;
            }
        }
    }

    /// <summary>What a damaged archive throws while it is read (a failure to write the extraction folder is not among them).</summary>
    private static bool IsDamage(Exception e) =>
        e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or NotSupportedException or OverflowException;
}
