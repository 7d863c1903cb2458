using Pipeline.Inference.Preprocessing;
using Pipeline.Vision;
using static Pipeline.Inference.Tests.Preprocessing.TestRgb;

namespace Pipeline.Inference.Tests.Preprocessing;

/// <summary>
/// Pillow's own expected resize outputs (Tests/test_image_resample.py, TestImagingCoreResampleAccuracy and
/// TestCoreResampleCoefficients). With mean 0 and std 1 the tensor is byte / 255, so x 255 gives back PIL's exact bytes.
/// </summary>
public sealed class PillowFixtureTests
{
    [Theory]
    [InlineData(Interpolation.Bilinear, 8, 4, "e1 c9 c9 b7")]
    [InlineData(Interpolation.Bicubic, 12, 6, "e1 e3 d4 e3 e5 d6 d4 d6 c9")]
    [InlineData(Interpolation.Bilinear, 2, 4, "e1 b0 b0 98")]
    [InlineData(Interpolation.Bicubic, 4, 8, "e1 e5 ee b9 e5 e9 f3 bc ee f3 fd c1 b9 bc c1 a2")]
    public void Resizing_pillows_two_square_case_gives_pillows_bytes(Interpolation filter, int from, int to, string quarter)
    {
        using var image = TwoSquares(from, 0xE1);

        var tensor = Fill(image, Plain(to, ResizeMode.Squash, filter));

        var expected = Sample(quarter, to);
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < to * to; i++)
                Assert.True(expected[i] == (int)MathF.Round(tensor[c * to * to + i] * 255),
                    $"channel {c} pixel {i}: PIL {expected[i]:x2}, ours {tensor[c * to * to + i] * 255}");
    }

    [Fact]
    public void A_huge_reduction_keeps_its_weights_balanced()
    {
        // Pillow issue 2161: 400000 px, left half 254, right half 0, bicubic to 5 px: the middle pixel is 254 // 2.
        const int width = 400_000;
        using var image = new RgbImage(width, 1);
        image.Pixels.Clear();
        image.Pixels[..(width / 2 * 3)].Fill(254);

        var tensor = Fill(image, Plain(5, ResizeMode.Squash, Interpolation.Bicubic));

        Assert.Equal(127, (int)MathF.Round(tensor[2] * 255));
    }

    /// <summary>Pillow's make_case: size x size of 255 - bright, with the top-left and bottom-right quarters bright.</summary>
    static RgbImage TwoSquares(int size, byte bright)
    {
        var image = new RgbImage(size, size);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                image.Pixels.Slice((y * size + x) * 3, 3).Fill((x < size / 2) == (y < size / 2) ? bright : (byte)(255 - bright));
        return image;
    }

    /// <summary>Pillow's make_sample: the top-left quarter given, the rest mirrored (the other diagonal inverted).</summary>
    static int[] Sample(string quarter, int size)
    {
        var values = quarter.Split(' ').Select(h => Convert.ToInt32(h, 16)).ToArray();
        var sample = new int[size * size];
        int half = size / 2;
        for (var y = 0; y < half; y++)
            for (var x = 0; x < half; x++)
            {
                var v = values[y * half + x];
                sample[y * size + x] = v;
                sample[(size - y - 1) * size + size - x - 1] = v;
                sample[(size - y - 1) * size + x] = 255 - v;
                sample[y * size + size - x - 1] = 255 - v;
            }
        return sample;
    }
}
