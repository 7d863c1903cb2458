using Pipeline.Inference.Preprocessing;
using Pipeline.Vision;

namespace Pipeline.Inference.Tests.Preprocessing;

internal static class TestRgb
{
    /// <summary>Mean 0, std 1: the tensor is just the resized pixels / 255, which keeps hand arithmetic readable.</summary>
    public static PreprocessSpec Plain(int size, ResizeMode mode, Interpolation filter, int resizeTo = 0) =>
        new(size, mode, filter, [0f, 0f, 0f], [1f, 1f, 1f]) { ResizeTo = resizeTo };

    /// <summary>An image from its pixels, row by row.</summary>
    public static RgbImage From(int width, int height, params (byte R, byte G, byte B)[] pixels)
    {
        Assert.Equal(width * height, pixels.Length);
        var bytes = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++) (bytes[3 * i], bytes[3 * i + 1], bytes[3 * i + 2]) = pixels[i];
        return new RgbImage(bytes, width, height);
    }

    public static RgbImage Random(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    public static float[] Fill(RgbImage image, PreprocessSpec spec)
    {
        var tensor = new float[3 * spec.Size * spec.Size];
        ImagePreprocessor.Fill(image, spec, tensor);
        return tensor;
    }

    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<float> actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"preprocessing-tests-{Guid.NewGuid():N}")).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
