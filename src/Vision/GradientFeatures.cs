namespace Pipeline.Vision;

/// <summary>
/// Histograms of oriented gradients (9 unsigned orientations) on a grid, magnitude-weighted and
/// softly assigned in orientation and cell, so small shifts and rotations move weight gradually.
/// </summary>
internal static class GradientFeatures
{
    public const int Orientations = 9;

    // Luminance steps below this are pixel noise and JPEG ringing, not structure.
    const float NoiseFloor = 0.03f;

    public static void Histogram(ReadOnlySpan<float> luminance, int width, int height, int grid, Span<float> histogram)
    {
        if (width < 3 || height < 3) return;
        Span<int> cellX = stackalloc int[width];
        Span<float> weightX = stackalloc float[width];
        for (var x = 0; x < width; x++) (cellX[x], weightX[x]) = Soft(x, width, grid);

        const float binsPerRadian = Orientations / MathF.PI;
        for (var y = 1; y < height - 1; y++)
        {
            var (cy, wy) = Soft(y, height, grid);
            var row = y * width;
            for (var x = 1; x < width - 1; x++)
            {
                var gx = luminance[row + x + 1] - luminance[row + x - 1];
                var gy = luminance[row + x + width] - luminance[row + x - width];
                var squared = gx * gx + gy * gy;
                if (squared <= NoiseFloor * NoiseFloor) continue;
                var magnitude = MathF.Sqrt(squared) - NoiseFloor;

                var p = Orientation(gx, gy) * binsPerRadian - 0.5f;
                var b0 = (int)MathF.Floor(p);
                var wb = p - b0;
                b0 = (b0 + Orientations) % Orientations;
                var b1 = b0 + 1 == Orientations ? 0 : b0 + 1;

                var cx = cellX[x];
                var wx = weightX[x];
                for (var dy = 0; dy < 2; dy++)
                {
                    var wRow = magnitude * (dy == 0 ? 1 - wy : wy);
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var w = wRow * (dx == 0 ? 1 - wx : wx);
                        var cell = ((cy + dy) * grid + cx + dx) * Orientations;
                        histogram[cell + b0] += w * (1 - wb);
                        histogram[cell + b1] += w * wb;
                    }
                }
            }
        }
        // Per-pixel density, square-rooted so one strong edge does not outweigh a texture.
        float interior = (width - 2) * (height - 2);
        foreach (ref var bin in histogram) bin = MathF.Sqrt(bin / interior);
    }

    /// <summary>2x2 box average into <paramref name="half"/>; returns its size.</summary>
    public static (int Width, int Height) Halve(ReadOnlySpan<float> luminance, int width, int height, Span<float> half)
    {
        int hw = width / 2, hh = height / 2;
        for (var y = 0; y < hh; y++)
        for (var x = 0; x < hw; x++)
        {
            var i = 2 * y * width + 2 * x;
            half[y * hw + x] = 0.25f * (luminance[i] + luminance[i + 1] + luminance[i + width] + luminance[i + width + 1]);
        }
        return (hw, hh);
    }

    /// <summary>Unsigned orientation in [0, pi] from a polynomial atan (error ~0.005 rad), far cheaper than Atan2.</summary>
    static float Orientation(float gx, float gy)
    {
        float ax = MathF.Abs(gx), ay = MathF.Abs(gy);
        var ratio = ax >= ay ? ay / ax : ax / ay;
        var atan = ratio * (MathF.PI / 4 + 0.273f * (1 - ratio));
        var angle = ax >= ay ? atan : MathF.PI / 2 - atan;
        return (gx >= 0) == (gy >= 0) ? angle : MathF.PI - angle;
    }

    /// <summary>Bilinear cell assignment of a pixel coordinate: first cell and the weight of the next.</summary>
    static (int Cell, float Weight) Soft(int position, int size, int grid)
    {
        var p = Math.Clamp((position + 0.5f) * grid / size - 0.5f, 0, grid - 1);
        var cell = Math.Min((int)p, grid - 2);
        return (cell, p - cell);
    }
}
