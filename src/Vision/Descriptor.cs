using System.Buffers;
using System.Numerics.Tensors;

namespace Pipeline.Vision;

/// <summary>
/// Layout of the weightfree-v1 vector, in order: HSV histogram (52), gradient histograms on a 4x4 grid
/// at full canonical scale (144) and on a 2x2 grid at half scale (36), 8x8 mean-centred grey layout
/// (64), 4x4 opponent-colour layout (32). Each block is L2-normalised on its own (with a floor, so
/// near-empty blocks stay small), weighted, and the whole vector L2-normalised.
/// </summary>
internal static class Descriptor
{
    /// <summary>Long side of the canonical image the features are computed on.</summary>
    public const int Side = 128;

    const int FineGrid = 4, CoarseGrid = 2;
    const int FineLength = FineGrid * FineGrid * GradientFeatures.Orientations;
    const int CoarseLength = CoarseGrid * CoarseGrid * GradientFeatures.Orientations;

    // (length, weight, floor); squared weights sum to about one.
    static readonly (int Length, float Weight, float Floor)[] Blocks =
    [
        (ColourFeatures.HistogramLength, 0.55f, 1e-6f),
        (FineLength, 0.45f, 0.03f),
        (CoarseLength, 0.35f, 0.03f),
        (ColourFeatures.GreyLength, 0.45f, 0.1f),
        (ColourFeatures.ChromaLength, 0.40f, 0.1f),
    ];

    public const int Length = ColourFeatures.HistogramLength + FineLength + CoarseLength
        + ColourFeatures.GreyLength + ColourFeatures.ChromaLength;

    static readonly int[] Offsets = StartOfEachBlock();

    static int[] StartOfEachBlock()
    {
        var offsets = new int[Blocks.Length + 1];
        for (var i = 0; i < Blocks.Length; i++) offsets[i + 1] = offsets[i] + Blocks[i].Length;
        return offsets[^1] == Length ? offsets : throw new InvalidOperationException("descriptor blocks do not add up to its length");
    }

    /// <summary>Fills <paramref name="vector"/> (<see cref="Length"/> floats) from opaque RGBA pixels.</summary>
    public static void Compute(ReadOnlySpan<byte> rgba, int stride, int width, int height, Span<float> vector)
    {
        vector.Clear();
        static Span<float> Block(int i, Span<float> v) => v[Offsets[i]..Offsets[i + 1]];

        var luminance = ArrayPool<float>.Shared.Rent(width * height);
        var half = ArrayPool<float>.Shared.Rent(width * height / 4 + 1);
        try
        {
            ColourFeatures.Compute(rgba, stride, width, height, luminance, Block(0, vector), Block(3, vector), Block(4, vector));
            GradientFeatures.Histogram(luminance, width, height, FineGrid, Block(1, vector));
            var (hw, hh) = GradientFeatures.Halve(luminance, width, height, half);
            GradientFeatures.Histogram(half, hw, hh, CoarseGrid, Block(2, vector));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luminance);
            ArrayPool<float>.Shared.Return(half);
        }

        for (var i = 0; i < Blocks.Length; i++)
        {
            var block = Block(i, vector);
            var (_, weight, floor) = Blocks[i];
            var norm = TensorPrimitives.Norm(block);
            TensorPrimitives.Multiply(block, weight / MathF.Sqrt(norm * norm + floor * floor), block);
        }
        var total = TensorPrimitives.Norm(vector);
        if (total > 0) TensorPrimitives.Divide(vector, total, vector);
    }
}
