using System.IO.Enumeration;
using Pipeline.Ingest.Worker.Archives;

namespace Pipeline.Ingest.Worker;

/// <summary>A file a job counts: a path to ingest, or one refused while listing, with its reason.</summary>
public readonly record struct SourceFile(string Path, string? Refusal);

/// <summary>
/// Lists a job's files: every file under the folder, each archive's extracted images in place of the archive, and, with
/// their reasons, the links it does not follow and what the archives refused. Each path comes once, so counts are exact.
/// A job's source may also be one archive.
/// </summary>
public sealed class SourceWalker(ArchiveUnpacker unpacker)
{
    private static readonly EnumerationOptions Options = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };

    public IEnumerable<SourceFile> Walk(string source) =>
        File.Exists(source) && ArchiveUnpacker.IsArchive(source) ? Unpack(source) : WalkFolder(source);

    private IEnumerable<SourceFile> WalkFolder(string folder)
    {
        var entries = new FileSystemEnumerable<(string Path, bool Link)>(folder, (ref FileSystemEntry e) => (e.ToFullPath(), IsLink(ref e)), Options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory || IsLink(ref e),
            // Links are listed, never followed: no loops, no way out of the folder. The extraction folder, if inside, is not walked.
            ShouldRecursePredicate = (ref FileSystemEntry e) => !IsLink(ref e) && e.ToFullPath() != unpacker.Root,
        };
        foreach (var (path, link) in entries)
        {
            if (link) yield return new(path, FileIngestor.SymlinkRefusal);
            else if (!ArchiveUnpacker.IsArchive(path)) yield return new(path, null);
            else foreach (var file in Unpack(path)) yield return file;
        }
    }

    private IEnumerable<SourceFile> Unpack(string archive)
    {
        var contents = unpacker.Unpack(archive);
        foreach (var file in contents.Files) yield return new(file, null);
        foreach (var (refused, reason) in contents.Refused) yield return new(refused, reason);
    }

    private static bool IsLink(ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) != 0;
}
