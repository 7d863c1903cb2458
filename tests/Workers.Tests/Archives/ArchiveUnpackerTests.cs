using System.Buffers.Binary;
using System.Formats.Tar;
using Pipeline.Ingest.Worker.Archives;
using static Pipeline.Workers.Tests.Archives.TestArchives;

namespace Pipeline.Workers.Tests.Archives;

public sealed class ArchiveUnpackerTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("unpacker-").FullName;
    private string Root => Path.Combine(_work, "extracted");

    private ArchiveUnpacker Unpacker(int maxEntries = 1000, long maxBytes = 1L << 30, int maxRatio = 100) =>
        new(Root, new ArchiveLimits(maxEntries, maxBytes, maxRatio));

    [Theory]
    [InlineData("good.zip")]
    [InlineData("good.tar")]
    [InlineData("good.tar.gz")]
    [InlineData("good.tgz")]
    public void Image_entries_are_extracted_into_the_archives_own_folder_and_the_rest_refused_with_reasons(string name)
    {
        var images = Images(_work, 2);
        var absolute = Path.Combine(_work, "absolute.jpg");
        (string, byte[])[] files =
        [
            ("a.jpg", images[0]), ("pages/b.jpg", images[1]), ("../../evil.jpg", images[0]), (absolute, images[1]),
            ("notes.txt", "hello"u8.ToArray()), ("inner.zip", [1, 2, 3]),
        ];
        var archive = Path.Combine(_work, name);
        if (name.EndsWith(".zip")) Zip(archive, files);
        else Tar(archive, files, Link(TarEntryType.SymbolicLink, "link.jpg", "/etc/passwd"), Link(TarEntryType.HardLink, "hard.jpg", "a.jpg"),
            new PaxTarEntry(TarEntryType.Fifo, "pipe.jpg"));

        var unpacker = Unpacker();
        var contents = unpacker.Unpack(archive);

        var destination = unpacker.DestinationFor(archive);
        Assert.Equal([Path.Combine(destination, "a.jpg"), Path.Combine(destination, "pages", "b.jpg")], contents.Files);
        Assert.Equal(images[1], File.ReadAllBytes(contents.Files[1]));
        Assert.Equal(["a.jpg", Path.Combine("pages", "b.jpg")], FilesUnder(destination));
        Assert.Equal(2, Directory.GetFiles(_work, "*.jpg", SearchOption.AllDirectories).Count(f => f.StartsWith(destination)));
        Assert.False(File.Exists(absolute));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "evil.jpg"));
        Assert.Empty(Directory.GetFiles(_work, "evil.jpg", SearchOption.AllDirectories));

        var reasons = contents.Refused.ToDictionary(r => r.Path, r => r.Reason);
        Assert.Contains("path traversal", reasons[$"{archive}!/../../evil.jpg"]);
        Assert.Contains("absolute path", reasons[$"{archive}!/{absolute}"]);
        Assert.Equal("unsupported file type '.txt'", reasons[$"{archive}!/notes.txt"]);
        Assert.Contains("archive inside an archive", reasons[$"{archive}!/inner.zip"]);
        if (!name.EndsWith(".zip"))
        {
            Assert.Contains("symbolic link entry", reasons[$"{archive}!/link.jpg"]);
            Assert.Contains("hard link entry", reasons[$"{archive}!/hard.jpg"]);
            Assert.Contains("device or FIFO", reasons[$"{archive}!/pipe.jpg"]);
        }
        Assert.Equal(name.EndsWith(".zip") ? 4 : 7, reasons.Count);
    }

    [Theory]
    [InlineData("/in/pages.zip!/../evil.jpg", true)]
    [InlineData("/in/pages.tar.gz!//etc/x.jpg", true)]
    [InlineData("/in/wow!/a.jpg", false)]
    [InlineData("/in/pages.zip", false)]
    public void Refused_entries_are_told_from_files_by_their_path(string path, bool entry) =>
        Assert.Equal(entry, ArchiveUnpacker.IsEntryPath(path));

    [Fact]
    public void Unpacking_again_reuses_the_folder_and_gives_the_same_paths()
    {
        var archive = Zip(Path.Combine(_work, "again.zip"), ("a.jpg", Images(_work, 1)[0]), ("../x.jpg", [1]));
        var first = Unpacker().Unpack(archive);
        var second = Unpacker().Unpack(archive);
        Assert.Equal(first.Files, second.Files);
        Assert.Equal(first.Refused, second.Refused);
        Assert.Single(Directory.GetDirectories(Root));
        Assert.Equal(["a.jpg"], FilesUnder(Directory.GetDirectories(Root)[0]));
    }

    [Fact]
    public void Duplicate_names_count_once_each()
    {
        var images = Images(_work, 2);
        var archive = Zip(Path.Combine(_work, "dup.zip"), ("a.jpg", images[0]), ("a.jpg", images[1]), ("./a.jpg", images[1]));
        var contents = Unpacker().Unpack(archive);
        Assert.Single(contents.Files);
        Assert.Equal(images[0], File.ReadAllBytes(contents.Files[0]));
        // Two refused entries of one name are one refused path: a job counts each path once.
        Assert.Equal([$"{archive}!/a.jpg", $"{archive}!/./a.jpg"], contents.Refused.Select(r => r.Path));
        Assert.All(contents.Refused, r => Assert.Contains("another entry of the same name", r.Reason));
    }

    [Fact]
    public void An_entry_that_cannot_be_written_is_refused_and_the_rest_extracted()
    {
        var images = Images(_work, 2);
        var archive = Zip(Path.Combine(_work, "clash.zip"), ("a.jpg", images[0]), ("a.jpg/b.jpg", images[1]), ("c.jpg", images[1]));
        var contents = Unpacker().Unpack(archive);
        Assert.Equal(["a.jpg", "c.jpg"], contents.Files.Select(Path.GetFileName));
        var (path, reason) = Assert.Single(contents.Refused);
        Assert.Equal($"{archive}!/a.jpg/b.jpg", path);
        Assert.StartsWith("cannot extract: ", reason);
        Assert.DoesNotContain(FilesUnder(Root), f => f.EndsWith(".partial"));
    }

    [Fact]
    public void A_zip_bomb_is_refused_by_its_declared_ratio_without_being_expanded()
    {
        var archive = Zip(Path.Combine(_work, "bomb.zip"), ("ok.jpg", Images(_work, 1)[0]), ("zeros.jpg", new byte[200 << 20]));
        var contents = Unpacker().Unpack(archive);
        Assert.Equal(["ok.jpg"], contents.Files.Select(Path.GetFileName));
        var (path, reason) = Assert.Single(contents.Refused);
        Assert.Equal($"{archive}!/zeros.jpg", path);
        Assert.Contains("compression bomb", reason);
        Assert.DoesNotContain(FilesUnder(Root), f => f.Contains("zeros"));
    }

    [Fact]
    public void A_zip_entry_whose_header_lies_about_its_size_expands_no_further_than_it_declares()
    {
        // 20 MB of zeros that declares 1,000 bytes: the declared ratio passes; what comes out must stop at the declared size.
        var archive = Zip(Path.Combine(_work, "liar.zip"), ("liar.jpg", new byte[20 << 20]), ("ok.jpg", Images(_work, 1)[0]));
        DeclareSize(archive, "liar.jpg", 1000);

        var contents = Unpacker().Unpack(archive);

        Assert.Equal(["liar.jpg", "ok.jpg"], contents.Files.Select(Path.GetFileName));
        Assert.Equal(1000, new FileInfo(contents.Files[0]).Length);
        Assert.Empty(contents.Refused);
    }

    [Fact]
    public void Bytes_past_the_bound_stop_the_copy()
    {
        using var bounded = new BoundedStream(new MemoryStream(new byte[5000]), 1000, limit => $"over {limit}");
        var e = Assert.Throws<ArchiveLimitException>(() => bounded.CopyTo(Stream.Null));
        Assert.Equal("over 1000", e.Message);
        using var exact = new BoundedStream(new MemoryStream(new byte[1000]), 1000, limit => $"over {limit}");
        exact.CopyTo(Stream.Null);
        Assert.Equal(1000, exact.Count);
    }

    [Fact]
    public void A_gzipped_tar_that_expands_past_the_ratio_stops_there_keeping_what_came_before()
    {
        var images = Images(_work, 2);
        var archive = Tar(Path.Combine(_work, "bomb.tar.gz"), [("first.jpg", images[0]), ("zeros.jpg", new byte[50 << 20]), ("after.jpg", images[1])]);
        var contents = Unpacker().Unpack(archive);
        Assert.Equal(["first.jpg"], contents.Files.Select(Path.GetFileName));
        var (path, reason) = Assert.Single(contents.Refused);
        Assert.Equal(archive, path);
        Assert.Contains("compression bomb", reason);
        Assert.Equal(["first.jpg"], FilesUnder(Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Entries_past_the_byte_limit_are_refused_and_the_rest_extracted()
    {
        var images = Images(_work, 1);
        var archive = Tar(Path.Combine(_work, "big.tar"), [("big.jpg", new byte[2 << 20]), ("small.jpg", images[0])]);
        var contents = Unpacker(maxBytes: 1 << 20).Unpack(archive);
        Assert.Equal(["small.jpg"], contents.Files.Select(Path.GetFileName));
        Assert.Contains("1048576-byte limit per archive", Assert.Single(contents.Refused).Reason);
    }

    [Theory]
    [InlineData("many.zip")]
    [InlineData("many.tar")]
    public void Entries_past_the_count_limit_are_not_read_and_the_archive_says_why(string name)
    {
        var images = Images(_work, 5);
        var files = images.Select((data, i) => ($"{i}.jpg", data)).ToArray();
        var archive = name.EndsWith(".zip") ? Zip(Path.Combine(_work, name), files) : Tar(Path.Combine(_work, name), files);
        var contents = Unpacker(maxEntries: 3).Unpack(archive);
        Assert.Equal(3, contents.Files.Count);
        var (path, reason) = Assert.Single(contents.Refused);
        Assert.Equal((archive, "more than 3 entries: the rest of the archive was not unpacked"), (path, reason));
    }

    [Theory]
    [InlineData("cut.tar")]
    [InlineData("cut.tar.gz")]
    public void A_truncated_tar_keeps_the_entries_before_the_cut_and_records_the_damage(string name)
    {
        var images = Images(_work, 3);
        var archive = Tar(Path.Combine(_work, name), images.Select((data, i) => ($"{i}.jpg", data)).ToArray());
        // Cut inside an entry: a tar cut exactly between two entries reads as a shorter, undamaged one (tar has no index).
        Truncate(archive, name.EndsWith(".gz") ? 0.6 : CutInside(archive, images[1]));
        var contents = Unpacker().Unpack(archive);
        Assert.InRange(contents.Files.Count, 1, 2);
        foreach (var file in contents.Files) Assert.Equal(images[int.Parse(Path.GetFileNameWithoutExtension(file))], File.ReadAllBytes(file));
        var (path, reason) = Assert.Single(contents.Refused);
        Assert.Equal(archive, path);
        Assert.StartsWith("corrupt or truncated archive", reason);
        Assert.Equal(contents.Files.Count, FilesUnder(Root).Length);
    }

    [Fact]
    public void A_truncated_zip_is_refused_whole()
    {
        var archive = Truncate(Zip(Path.Combine(_work, "cut.zip"), ("a.jpg", Images(_work, 1)[0])), 0.5);
        var contents = Unpacker().Unpack(archive);
        Assert.Empty(contents.Files);
        Assert.StartsWith("corrupt or truncated archive", Assert.Single(contents.Refused).Reason);
    }

    [Fact]
    public void Bytes_that_are_no_archive_at_all_are_refused()
    {
        var archive = Path.Combine(_work, "noise.tgz");
        File.WriteAllBytes(archive, Enumerable.Range(0, 5000).Select(i => (byte)(i * 31 % 253)).ToArray());
        var contents = Unpacker().Unpack(archive);
        Assert.Empty(contents.Files);
        Assert.StartsWith("corrupt or truncated archive", Assert.Single(contents.Refused).Reason);
    }

    private static double CutInside(string file, byte[] data)
    {
        var bytes = File.ReadAllBytes(file);
        return (bytes.AsSpan().IndexOf(data) + data.Length / 2.0) / bytes.Length;
    }

    /// <summary>Rewrites an entry's uncompressed size in its local header and in the central directory.</summary>
    private static void DeclareSize(string zip, string entry, int size)
    {
        var bytes = File.ReadAllBytes(zip);
        var name = System.Text.Encoding.ASCII.GetBytes(entry);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            var (sizeAt, nameAt) = signature switch { 0x04034b50 => (22, 30), 0x02014b50 => (24, 46), _ => (-1, -1) };
            if (sizeAt < 0 || !bytes.AsSpan(i + nameAt).StartsWith(name)) continue;
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i + sizeAt), size);
        }
        File.WriteAllBytes(zip, bytes);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
