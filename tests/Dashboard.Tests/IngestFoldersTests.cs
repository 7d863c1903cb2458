using Pipeline.Storage;

namespace Pipeline.Dashboard.Tests;

public sealed class IngestFoldersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ingest-folders-").FullName;

    [Fact]
    public void A_folder_inside_an_allowed_root_is_accepted()
    {
        var inside = Directory.CreateDirectory(Path.Combine(_root, "allowed", "a")).FullName;

        Assert.Equal((inside, null), IngestFolders.Check(inside, [Path.Combine(_root, "allowed")]));
        Assert.Equal((inside, null), IngestFolders.Check(inside, []));
    }

    [Fact]
    public void Dotdot_and_symlinks_cannot_escape_the_allowed_roots()
    {
        var allowed = Directory.CreateDirectory(Path.Combine(_root, "allowed")).FullName;
        var secret = Directory.CreateDirectory(Path.Combine(_root, "secret")).FullName;
        var sibling = Directory.CreateDirectory(allowed + "-not").FullName;
        Directory.CreateSymbolicLink(Path.Combine(allowed, "link"), secret);

        Assert.Contains("outside the allowed roots", IngestFolders.Check(Path.Combine(allowed, "..", "secret"), [allowed]).Error);
        Assert.Contains("outside the allowed roots", IngestFolders.Check(Path.Combine(allowed, "link"), [allowed]).Error);
        Assert.Contains("outside the allowed roots", IngestFolders.Check(sibling, [allowed]).Error);
    }

    [Fact]
    public void A_missing_or_relative_folder_is_refused_with_the_reason()
    {
        Assert.Contains("does not exist", IngestFolders.Check(Path.Combine(_root, "nope"), []).Error);
        Assert.Contains("not an absolute path", IngestFolders.Check("data/x", []).Error);
        Assert.Contains("give the folder", IngestFolders.Check(" ", []).Error);
    }

    [Fact]
    public void One_archive_may_be_the_source_but_not_another_kind_of_file_nor_an_archive_linked_from_outside()
    {
        var allowed = Directory.CreateDirectory(Path.Combine(_root, "allowed")).FullName;
        var archive = Path.Combine(allowed, "pages.tar.gz");
        File.WriteAllBytes(archive, [0x1f, 0x8b]);
        File.WriteAllBytes(Path.Combine(allowed, "page.jpg"), [0xff, 0xd8]);
        var outside = Path.Combine(_root, "other.zip");
        File.WriteAllBytes(outside, [0x50, 0x4b]);
        File.CreateSymbolicLink(Path.Combine(allowed, "linked.zip"), outside);

        Assert.Equal((archive, null), IngestFolders.Check(archive, [allowed]));
        Assert.Contains("does not exist", IngestFolders.Check(Path.Combine(allowed, "page.jpg"), [allowed]).Error);
        Assert.Contains("outside the allowed roots", IngestFolders.Check(Path.Combine(allowed, "linked.zip"), [allowed]).Error);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
