using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pipeline.Clustering;

/// <summary>
/// Leaves stored transposed in groups of 8 rows (group, dimension, lane), so one query's squared distances to 8 rows
/// come out of one vector accumulator with no horizontal sums: per dimension, broadcast q[d], subtract, fused
/// multiply-add. Every distance that HDBSCAN compares is computed here, in one fixed order per pair, so a distance
/// and the core distance it equals are bit-identical (ties stay ties) and d(a, b) == d(b, a).
/// </summary>
internal sealed class LeafBlocks
{
    private const int Lanes = 8;
    private readonly float[] _data;
    private readonly int[] _offset;
    private readonly int[] _rows;
    private readonly int _dim;

    public int MaxRows { get; }

    public LeafBlocks(BallTree tree)
    {
        _dim = tree.Dim;
        _offset = new int[tree.NodeCount];
        _rows = new int[tree.NodeCount];
        long total = 0;
        foreach (int leaf in tree.Leaves)
        {
            _offset[leaf] = checked((int)total);
            _rows[leaf] = tree.End[leaf] - tree.Start[leaf];
            MaxRows = Math.Max(MaxRows, _rows[leaf]);
            total += Groups(_rows[leaf]) * Lanes * _dim;
        }
        _data = new float[total];
        foreach (int leaf in tree.Leaves)
        {
            for (int i = 0; i < _rows[leaf]; i++)
            {
                var row = tree.Points.AsSpan((tree.Start[leaf] + i) * _dim, _dim);
                int baseIndex = _offset[leaf] + (i / Lanes) * Lanes * _dim + i % Lanes;
                for (int d = 0; d < _dim; d++) _data[baseIndex + d * Lanes] = row[d];
            }
        }
    }

    private static int Groups(int rows) => (rows + Lanes - 1) / Lanes;

    /// <summary>Writes the squared distances from q to the leaf's rows into result (padded to a multiple of 8).</summary>
    public void Distances(ref float q, int leaf, Span<float> result)
    {
        int groups = Groups(_rows[leaf]);
        ref float block = ref _data[_offset[leaf]];
        ref float output = ref result[0];
        int stride = Lanes * _dim;
        if (!Vector256.IsHardwareAccelerated)
        {
            NarrowDistances(ref q, ref block, groups, ref output);
            return;
        }
        int g = 0;
        for (; g + 1 < groups; g += 2)
        {
            ref float first = ref Unsafe.Add(ref block, g * stride);
            ref float second = ref Unsafe.Add(ref first, stride);
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (int d = 0; d < _dim; d++)
            {
                var x = Vector256.Create(Unsafe.Add(ref q, d));
                var d0 = x - Vector256.LoadUnsafe(ref first, (nuint)(d * Lanes));
                var d1 = x - Vector256.LoadUnsafe(ref second, (nuint)(d * Lanes));
                acc0 = Vector256.MultiplyAddEstimate(d0, d0, acc0);
                acc1 = Vector256.MultiplyAddEstimate(d1, d1, acc1);
            }
            acc0.StoreUnsafe(ref output, (nuint)(g * Lanes));
            acc1.StoreUnsafe(ref output, (nuint)((g + 1) * Lanes));
        }
        if (g < groups)
        {
            ref float last = ref Unsafe.Add(ref block, g * stride);
            var acc = Vector256<float>.Zero;
            for (int d = 0; d < _dim; d++)
            {
                var diff = Vector256.Create(Unsafe.Add(ref q, d)) - Vector256.LoadUnsafe(ref last, (nuint)(d * Lanes));
                acc = Vector256.MultiplyAddEstimate(diff, diff, acc);
            }
            acc.StoreUnsafe(ref output, (nuint)(g * Lanes));
        }
    }

    /// <summary>The same arithmetic with 128-bit vectors (Arm64), or lane by lane where there are none.</summary>
    private void NarrowDistances(ref float q, ref float block, int groups, ref float output)
    {
        for (int g = 0; g < groups; g++)
        {
            ref float group = ref Unsafe.Add(ref block, g * Lanes * _dim);
            for (int half = 0; half < Lanes; half += 4)
            {
                if (Vector128.IsHardwareAccelerated)
                {
                    var acc = Vector128<float>.Zero;
                    for (int d = 0; d < _dim; d++)
                    {
                        var diff = Vector128.Create(Unsafe.Add(ref q, d)) - Vector128.LoadUnsafe(ref group, (nuint)(d * Lanes + half));
                        acc = Vector128.MultiplyAddEstimate(diff, diff, acc);
                    }
                    acc.StoreUnsafe(ref output, (nuint)(g * Lanes + half));
                    continue;
                }
                for (int lane = half; lane < half + 4; lane++)
                {
                    float acc = 0;
                    for (int d = 0; d < _dim; d++)
                    {
                        float diff = Unsafe.Add(ref q, d) - Unsafe.Add(ref group, d * Lanes + lane);
                        acc = MathF.FusedMultiplyAdd(diff, diff, acc);
                    }
                    Unsafe.Add(ref output, g * Lanes + lane) = acc;
                }
            }
        }
    }
}
