using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace Pipeline.Vision.Tests;

/// <summary>Small images in every supported format, plus hand-crafted bad ones.</summary>
internal static class TestImages
{
    public static readonly string[] Formats = ["jpeg", "png", "webp", "bmp", "gif", "tiff"];

    /// <summary>A blue-to-white picture with a red disc left of centre, in the given format.</summary>
    public static string Write(string folder, string format, int width, int height, string? name = null)
    {
        var path = Path.Combine(folder, name ?? $"sample-{width}x{height}.{format}");
        using var bitmap = Paint(width, height);
        switch (format)
        {
            case "jpeg": Encode(bitmap, SKEncodedImageFormat.Jpeg, path); break;
            case "png": Encode(bitmap, SKEncodedImageFormat.Png, path); break;
            case "webp": Encode(bitmap, SKEncodedImageFormat.Webp, path); break;
            case "bmp": File.WriteAllBytes(path, Bmp(bitmap)); break;
            case "gif": using (var image = ToImageSharp(bitmap)) image.SaveAsGif(path); break;
            case "tiff": using (var image = ToImageSharp(bitmap)) image.SaveAsTiff(path); break;
            default: throw new ArgumentException(format);
        }
        return path;
    }

    public static SKBitmap Paint(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = true };
        using var shader = SKShader.CreateLinearGradient(new(0, 0), new(0, height), [SKColors.Blue, SKColors.White], SKShaderTileMode.Clamp);
        paint.Shader = shader;
        canvas.DrawPaint(paint);
        paint.Shader = null;
        paint.Color = SKColors.Red;
        canvas.DrawCircle(width * 0.3f, height * 0.5f, Math.Min(width, height) * 0.25f, paint);
        return bitmap;
    }

    public static void Encode(SKBitmap bitmap, SKEncodedImageFormat format, string path)
    {
        using var data = bitmap.Encode(format, 90);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>Skia cannot encode BMP: a 24-bit bottom-up BMP by hand.</summary>
    static byte[] Bmp(SKBitmap bitmap)
    {
        int width = bitmap.Width, height = bitmap.Height, rowBytes = (width * 3 + 3) & ~3;
        var bytes = new byte[54 + rowBytes * height];
        var span = bytes.AsSpan();
        "BM"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], 54);
        BinaryPrimitives.WriteInt32LittleEndian(span[14..], 40);
        BinaryPrimitives.WriteInt32LittleEndian(span[18..], width);
        BinaryPrimitives.WriteInt32LittleEndian(span[22..], height);
        BinaryPrimitives.WriteInt16LittleEndian(span[26..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[28..], 24);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var pixel = bitmap.GetPixel(x, y);
            var at = 54 + (height - 1 - y) * rowBytes + 3 * x;
            (bytes[at], bytes[at + 1], bytes[at + 2]) = (pixel.Blue, pixel.Green, pixel.Red);
        }
        return bytes;
    }

    static Image<Rgba32> ToImageSharp(SKBitmap bitmap)
    {
        var image = new Image<Rgba32>(bitmap.Width, bitmap.Height);
        for (var y = 0; y < bitmap.Height; y++)
        for (var x = 0; x < bitmap.Width; x++)
        {
            var p = bitmap.GetPixel(x, y);
            image[x, y] = new Rgba32(p.Red, p.Green, p.Blue, p.Alpha);
        }
        return image;
    }

    /// <summary>A valid PNG header (with CRCs) that declares any size, followed by a token IDAT: a decompression bomb's shape.</summary>
    public static string PngDeclaring(string folder, int width, int height)
    {
        var path = Path.Combine(folder, $"declares-{width}x{height}.png");
        using var file = File.Create(path);
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 2 (RGB) follows
        header[9] = 2;
        Chunk(file, "IHDR", header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(new byte[64]);
        Chunk(file, "IDAT", compressed.ToArray());
        Chunk(file, "IEND", []);
        return path;
    }

    static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        stream.Write(length);
    }

    static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}

/// <summary>A fresh folder under the temp directory, deleted with the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vision-tests-{Guid.NewGuid():N}")).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
