using System.Formats.Tar;
using System.IO.Compression;
using Pipeline.Vision;

namespace Pipeline.Workers.Tests.Archives;

/// <summary>Archives built in code, good entries and hostile ones, so every refusal has a test that can fail.</summary>
public static class TestArchives
{
    /// <summary>Small real JPEGs, generated once per folder.</summary>
    public static byte[][] Images(string folder, int count, int seed = 3) =>
        SyntheticImages.Generate(Path.Combine(folder, "images-" + seed), count, groups: 2, width: 64, height: 48, seed: seed)
            .Select(i => File.ReadAllBytes(i.Path)).ToArray();

    public static string Zip(string path, params (string Name, byte[] Data)[] entries)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in entries)
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            stream.Write(data);
        }
        return path;
    }

    /// <summary>A tar (gzipped when the name says so) of regular files, plus any other entries given.</summary>
    public static string Tar(string path, (string Name, byte[] Data)[] files, params TarEntry[] others)
    {
        using (var file = File.Create(path))
        using (var output = path.EndsWith(".gz") || path.EndsWith(".tgz") ? new GZipStream(file, CompressionLevel.SmallestSize) : (Stream)file)
        using (var tar = new TarWriter(output, TarEntryFormat.Pax))
        {
            foreach (var (name, data) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            foreach (var other in others) tar.WriteEntry(other);
        }
        return path;
    }

    public static TarEntry Link(TarEntryType type, string name, string target) => new PaxTarEntry(type, name) { LinkName = target };

    /// <summary>Keeps the first part of a file, as an interrupted copy would.</summary>
    public static string Truncate(string path, double keep)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        return path;
    }

    /// <summary>Every file under a folder, relative to it.</summary>
    public static string[] FilesUnder(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order().ToArray()
        : [];
}
