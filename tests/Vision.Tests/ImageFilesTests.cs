using System.Security.Cryptography;

namespace Pipeline.Vision.Tests;

public sealed class ImageFilesTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("scan.jpg", true)]
    [InlineData("SCAN.JPEG", true)]
    [InlineData("page-001.Tif", true)]
    [InlineData("a/b/c.webp", true)]
    [InlineData("notes.txt", false)]
    [InlineData("archive.jpg.zip", false)]
    [InlineData("no-extension", false)]
    public void Image_extensions_are_recognised_whatever_their_case(string path, bool expected)
    {
        Assert.Equal(expected, ImageFiles.HasImageExtension(path));
    }

    [Fact]
    public void Extensions_are_listed_in_lower_case()
    {
        Assert.Equal(8, ImageFiles.Extensions.Count);
        Assert.All(ImageFiles.Extensions, e => Assert.Equal(e.ToLowerInvariant(), e));
    }

    [Fact]
    public void Sha256_matches_the_standard_test_vector()
    {
        var path = temp.File("abc.bin");
        File.WriteAllText(path, "abc");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(ImageFiles.Sha256(path)));
    }

    [Fact]
    public void Sha256_of_a_file_larger_than_the_buffer_matches_hashing_it_whole()
    {
        var bytes = new byte[(3 << 20) + 12345];
        new Random(5).NextBytes(bytes);
        var path = temp.File("big.bin");
        File.WriteAllBytes(path, bytes);

        Assert.Equal(SHA256.HashData(bytes), ImageFiles.Sha256(path));
    }
}
