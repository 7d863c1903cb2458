using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Ingest.Worker;
using Pipeline.Ingest.Worker.Archives;
using static Pipeline.Workers.Tests.Archives.TestArchives;

namespace Pipeline.Workers.Tests.Archives;

public sealed class SourceWalkerTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("walker-").FullName;
    private string Folder => Path.Combine(_work, "job");

    [Fact]
    public void Links_are_listed_as_refused_and_never_followed()
    {
        var image = Images(_work, 1)[0];
        Directory.CreateDirectory(Path.Combine(Folder, "sub"));
        File.WriteAllBytes(Path.Combine(Folder, "sub", "a.jpg"), image);
        var outside = Directory.CreateDirectory(Path.Combine(_work, "outside")).FullName;
        File.WriteAllBytes(Path.Combine(outside, "secret.jpg"), image);
        Directory.CreateSymbolicLink(Path.Combine(Folder, "sub", "loop"), Folder);
        Directory.CreateSymbolicLink(Path.Combine(Folder, "out"), outside);
        File.CreateSymbolicLink(Path.Combine(Folder, "secret.jpg"), Path.Combine(outside, "secret.jpg"));
        File.CreateSymbolicLink(Path.Combine(Folder, "dangling.jpg"), Path.Combine(_work, "nowhere.jpg"));

        var files = Walker().Walk(Folder).ToDictionary(f => Path.GetRelativePath(Folder, f.Path), f => f.Refusal);

        Assert.Equal(new Dictionary<string, string?>
        {
            [Path.Combine("sub", "a.jpg")] = null,
            [Path.Combine("sub", "loop")] = FileIngestor.SymlinkRefusal,
            ["out"] = FileIngestor.SymlinkRefusal,
            ["secret.jpg"] = FileIngestor.SymlinkRefusal,
            ["dangling.jpg"] = FileIngestor.SymlinkRefusal,
        }, files);
    }

    [Fact]
    public void An_archive_is_replaced_by_its_extracted_images_and_refusals_and_the_extraction_folder_is_not_walked()
    {
        var image = Images(_work, 1)[0];
        Directory.CreateDirectory(Folder);
        File.WriteAllBytes(Path.Combine(Folder, "loose.jpg"), image);
        var archive = Zip(Path.Combine(Folder, "pages.zip"), ("p1.jpg", image), ("../up.jpg", image));
        // The extraction folder inside the job's folder: what is unpacked there must not be listed a second time.
        var walker = Walker(Path.Combine(Folder, "extracted"));

        var first = walker.Walk(Folder).ToList();
        var second = walker.Walk(Folder).ToList();

        Assert.Equal(first, second);
        Assert.Equal(3, first.Count);
        Assert.Contains(new SourceFile(Path.Combine(Folder, "loose.jpg"), null), first);
        Assert.Contains(first, f => f.Refusal is null && f.Path.StartsWith(Path.Combine(Folder, "extracted")) && f.Path.EndsWith("p1.jpg"));
        Assert.Contains(first, f => f.Path == $"{archive}!/../up.jpg" && f.Refusal!.Contains("path traversal"));
    }

    [Fact]
    public void A_single_archive_given_as_the_source_gives_its_images_and_refusals()
    {
        var image = Images(_work, 1)[0];
        var archive = Zip(Path.Combine(_work, "pages.zip"), ("p1.jpg", image), ("sub/p2.jpg", image), ("/etc/x.jpg", image));

        var files = Walker(Path.Combine(_work, "extracted")).Walk(archive).ToList();

        Assert.Equal(2, files.Count(f => f.Refusal is null && File.Exists(f.Path)));
        Assert.Contains(files, f => f.Path == $"{archive}!//etc/x.jpg" && f.Refusal!.Contains("path traversal"));
    }

    [Fact]
    public void A_file_that_vanished_after_listing_is_recorded_as_unreadable()
    {
        var (image, failure) = Ingestor().Ingest(Guid.NewGuid(), Path.Combine(_work, "gone.jpg"));
        Assert.Null(image);
        Assert.StartsWith("unreadable: Could not find file", failure);
    }

    [Fact]
    public void A_link_sent_for_ingest_is_not_read()
    {
        var target = Path.Combine(_work, "real.jpg");
        File.WriteAllBytes(target, Images(_work, 1)[0]);
        var link = File.CreateSymbolicLink(Path.Combine(_work, "link.jpg"), target).FullName;
        Assert.Equal((null, FileIngestor.SymlinkRefusal), Ingestor().Ingest(Guid.NewGuid(), link));
    }

    [Theory]
    [InlineData("/job/pages.zip!/../../etc/x.jpg")]
    [InlineData("relative/x.jpg")]
    public void A_path_a_walk_cannot_give_is_not_read(string path)
    {
        Assert.Equal((null, "not a normalised absolute path"), Ingestor().Ingest(Guid.NewGuid(), path));
    }

    [Fact]
    public async Task A_fifo_named_like_an_image_is_refused_without_being_opened()
    {
        var fifo = Path.Combine(_work, "pipe.jpg");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        var ingest = Task.Run(() => Ingestor().Ingest(Guid.NewGuid(), fifo));
        if (await Task.WhenAny(ingest, Task.Delay(TimeSpan.FromSeconds(10))) != ingest)
        {
            // Opening a FIFO blocks until a writer comes: be that writer, so the blocked read ends, then fail.
            await File.WriteAllBytesAsync(fifo, []);
            Assert.Fail("ingest opened the FIFO and blocked");
        }
        Assert.Equal((null, "empty file (0 bytes), or not a regular file"), await ingest);
    }

    private SourceWalker Walker(string? extractRoot = null) =>
        new(new ArchiveUnpacker(extractRoot ?? Path.Combine(_work, "extracted"), new ArchiveLimits(100, 1L << 30, 100)));

    private FileIngestor Ingestor() =>
        new(Options.Create(new IngestOptions { DerivativesPath = Path.Combine(_work, "derivatives") }), NullLogger<FileIngestor>.Instance);

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
