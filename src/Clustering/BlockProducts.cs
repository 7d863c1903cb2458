using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pipeline.Clustering;

/// <summary>
/// Float32 SIMD kernels for a block of rows times a small basis, the inner loops of PCA. Four basis rows are
/// handled together so each loaded block value feeds four multiply-adds. Results depend on the inputs and the
/// CPU (fused or separate multiply-add), never on threads.
/// </summary>
internal static class BlockProducts
{
    /// <summary>Copies rows first..first+rows-1 of data into block with the mean subtracted.</summary>
    public static void Centre(ReadOnlySpan<float> data, int first, int rows, ReadOnlySpan<float> mean, Span<float> block)
    {
        int dim = mean.Length;
        for (int r = 0; r < rows; r++)
        {
            var x = data.Slice((first + r) * dim, dim);
            var c = block.Slice(r * dim, dim);
            for (int d = 0; d < dim; d++) c[d] = x[d] - mean[d];
        }
    }

    /// <summary>result (rows x count) = block (rows x dim) times basis (count x dim) transposed.</summary>
    public static void Project(ReadOnlySpan<float> block, int rows, ReadOnlySpan<float> basis, int count, Span<float> result)
    {
        int dim = basis.Length / count, r = 0;
        // Two rows by four basis rows: eight independent sums hide the multiply-add latency.
        for (; r + 2 <= rows; r += 2)
        {
            ref float x0 = ref MemoryMarshal.GetReference(block.Slice(r * dim, 2 * dim));
            ref float x1 = ref Unsafe.Add(ref x0, dim);
            int j = 0;
            for (; j + 4 <= count; j += 4)
            {
                ref float b0 = ref MemoryMarshal.GetReference(basis.Slice(j * dim, 4 * dim));
                Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default;
                Vector256<float> s10 = default, s11 = default, s12 = default, s13 = default;
                int d = 0;
                for (; d + 8 <= dim; d += 8)
                {
                    var v0 = Vector256.LoadUnsafe(ref x0, (nuint)d);
                    var v1 = Vector256.LoadUnsafe(ref x1, (nuint)d);
                    var w = Vector256.LoadUnsafe(ref b0, (nuint)d);
                    s00 = Vector256.MultiplyAddEstimate(v0, w, s00);
                    s10 = Vector256.MultiplyAddEstimate(v1, w, s10);
                    w = Vector256.LoadUnsafe(ref b0, (nuint)(dim + d));
                    s01 = Vector256.MultiplyAddEstimate(v0, w, s01);
                    s11 = Vector256.MultiplyAddEstimate(v1, w, s11);
                    w = Vector256.LoadUnsafe(ref b0, (nuint)(2 * dim + d));
                    s02 = Vector256.MultiplyAddEstimate(v0, w, s02);
                    s12 = Vector256.MultiplyAddEstimate(v1, w, s12);
                    w = Vector256.LoadUnsafe(ref b0, (nuint)(3 * dim + d));
                    s03 = Vector256.MultiplyAddEstimate(v0, w, s03);
                    s13 = Vector256.MultiplyAddEstimate(v1, w, s13);
                }
                var out0 = result.Slice(r * count + j, 4);
                var out1 = result.Slice((r + 1) * count + j, 4);
                (out0[0], out0[1], out0[2], out0[3]) = (Vector256.Sum(s00), Vector256.Sum(s01), Vector256.Sum(s02), Vector256.Sum(s03));
                (out1[0], out1[1], out1[2], out1[3]) = (Vector256.Sum(s10), Vector256.Sum(s11), Vector256.Sum(s12), Vector256.Sum(s13));
                for (; d < dim; d++)
                {
                    for (int t = 0; t < 4; t++)
                    {
                        float w = Unsafe.Add(ref b0, t * dim + d);
                        out0[t] += Unsafe.Add(ref x0, d) * w;
                        out1[t] += Unsafe.Add(ref x1, d) * w;
                    }
                }
            }
            for (; j < count; j++)
            {
                result[r * count + j] = Dot(block.Slice(r * dim, dim), basis.Slice(j * dim, dim));
                result[(r + 1) * count + j] = Dot(block.Slice((r + 1) * dim, dim), basis.Slice(j * dim, dim));
            }
        }
        for (; r < rows; r++)
        {
            for (int j = 0; j < count; j++) result[r * count + j] = Dot(block.Slice(r * dim, dim), basis.Slice(j * dim, dim));
        }
    }

    /// <summary>sums (count x dim) = coefficients (rows x count) transposed times block (rows x dim).</summary>
    public static void TransposeTimes(ReadOnlySpan<float> coefficients, ReadOnlySpan<float> block, int rows, Span<float> sums)
    {
        int count = coefficients.Length / rows, dim = sums.Length / count;
        ref float x = ref MemoryMarshal.GetReference(block);
        ref float c = ref MemoryMarshal.GetReference(coefficients);
        ref float target = ref MemoryMarshal.GetReference(sums);
        int j = 0;
        for (; j + 4 <= count; j += 4)
        {
            int d = 0;
            // Four sums rows by sixteen coordinates: eight independent sums, each coefficient loaded once per pair.
            for (; d + 16 <= dim; d += 16)
            {
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                Vector256<float> t0 = default, t1 = default, t2 = default, t3 = default;
                for (int r = 0; r < rows; r++)
                {
                    var v = Vector256.LoadUnsafe(ref x, (nuint)(r * dim + d));
                    var u = Vector256.LoadUnsafe(ref x, (nuint)(r * dim + d + 8));
                    ref float cr = ref Unsafe.Add(ref c, r * count + j);
                    var w = Vector256.Create(cr);
                    s0 = Vector256.MultiplyAddEstimate(w, v, s0);
                    t0 = Vector256.MultiplyAddEstimate(w, u, t0);
                    w = Vector256.Create(Unsafe.Add(ref cr, 1));
                    s1 = Vector256.MultiplyAddEstimate(w, v, s1);
                    t1 = Vector256.MultiplyAddEstimate(w, u, t1);
                    w = Vector256.Create(Unsafe.Add(ref cr, 2));
                    s2 = Vector256.MultiplyAddEstimate(w, v, s2);
                    t2 = Vector256.MultiplyAddEstimate(w, u, t2);
                    w = Vector256.Create(Unsafe.Add(ref cr, 3));
                    s3 = Vector256.MultiplyAddEstimate(w, v, s3);
                    t3 = Vector256.MultiplyAddEstimate(w, u, t3);
                }
                s0.StoreUnsafe(ref target, (nuint)(j * dim + d));
                t0.StoreUnsafe(ref target, (nuint)(j * dim + d + 8));
                s1.StoreUnsafe(ref target, (nuint)((j + 1) * dim + d));
                t1.StoreUnsafe(ref target, (nuint)((j + 1) * dim + d + 8));
                s2.StoreUnsafe(ref target, (nuint)((j + 2) * dim + d));
                t2.StoreUnsafe(ref target, (nuint)((j + 2) * dim + d + 8));
                s3.StoreUnsafe(ref target, (nuint)((j + 3) * dim + d));
                t3.StoreUnsafe(ref target, (nuint)((j + 3) * dim + d + 8));
            }
            for (; d < dim; d++)
            {
                for (int t = j; t < j + 4; t++) sums[t * dim + d] = ColumnDot(coefficients, t, count, block, d, dim, rows);
            }
        }
        for (; j < count; j++)
        {
            for (int d = 0; d < dim; d++) sums[j * dim + d] = ColumnDot(coefficients, j, count, block, d, dim, rows);
        }
    }

    private static float ColumnDot(ReadOnlySpan<float> coefficients, int j, int count, ReadOnlySpan<float> block, int d, int dim, int rows)
    {
        float sum = 0;
        for (int r = 0; r < rows; r++) sum += coefficients[r * count + j] * block[r * dim + d];
        return sum;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float x = ref MemoryMarshal.GetReference(a);
        ref float y = ref MemoryMarshal.GetReference(b);
        var sums = Vector256<float>.Zero;
        int d = 0;
        for (; d + 8 <= a.Length; d += 8) sums = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, (nuint)d), Vector256.LoadUnsafe(ref y, (nuint)d), sums);
        float sum = Vector256.Sum(sums);
        for (; d < a.Length; d++) sum += a[d] * b[d];
        return sum;
    }
}
