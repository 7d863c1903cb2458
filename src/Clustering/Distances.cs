using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pipeline.Clustering;

/// <summary>
/// Float32 SIMD kernels. Callers compare squared distances, so no square root sits on the hot path.
/// Each pair is summed in one fixed order, so d(a, b) == d(b, a) bit for bit (ties stay ties).
/// </summary>
internal static class Distances
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredEuclidean(ref float a, ref float b, int dim)
    {
        int i = 0;
        float sum = 0f;
        if (Vector256.IsHardwareAccelerated && dim >= 8)
        {
            // Two accumulators hide the add latency for the usual 16..64 dimensions.
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; i <= dim - 16; i += 16)
            {
                var d0 = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
                var d1 = Vector256.LoadUnsafe(ref a, (nuint)(i + 8)) - Vector256.LoadUnsafe(ref b, (nuint)(i + 8));
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            }
            if (i <= dim - 8)
            {
                var d0 = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
                acc0 += d0 * d0;
                i += 8;
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; i < dim; i++)
        {
            float d = Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
            sum += d * d;
        }
        return sum;
    }

    /// <summary>
    /// Euclidean distance of float32 rows accumulated in double, as scikit-learn measures (it works in float64):
    /// DBSCAN's radius test, k-distances and OPTICS reachabilities all use this one function, so a distance that
    /// became a threshold compares equal to itself.
    /// </summary>
    public static double Euclidean64(ref float a, ref float b, int dim)
    {
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && dim >= 8)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= dim - 8; i += 8)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref a, (nuint)i));
                var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref b, (nuint)i));
                var low = aLow - bLow;
                var high = aHigh - bHigh;
                acc += low * low + high * high;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < dim; i++)
        {
            double d = (double)Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>Squared distance from a point to the nearest point of an axis-aligned box.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredToBox(ref float q, ref float lo, ref float hi, int dim)
    {
        int i = 0;
        float sum = 0f;
        if (Vector256.IsHardwareAccelerated && dim >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= dim - 8; i += 8)
            {
                var x = Vector256.LoadUnsafe(ref q, (nuint)i);
                var below = Vector256.Max(Vector256.LoadUnsafe(ref lo, (nuint)i) - x, Vector256<float>.Zero);
                var above = Vector256.Max(x - Vector256.LoadUnsafe(ref hi, (nuint)i), Vector256<float>.Zero);
                var gap = below + above;
                acc += gap * gap;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < dim; i++)
        {
            float x = Unsafe.Add(ref q, i);
            float gap = MathF.Max(Unsafe.Add(ref lo, i) - x, 0f) + MathF.Max(x - Unsafe.Add(ref hi, i), 0f);
            sum += gap * gap;
        }
        return sum;
    }

    /// <summary>Squared distance between the nearest points of two axis-aligned boxes.</summary>
    public static float SquaredBoxToBox(ref float loA, ref float hiA, ref float loB, ref float hiB, int dim)
    {
        float sum = 0f;
        for (int i = 0; i < dim; i++)
        {
            float gap = MathF.Max(MathF.Max(Unsafe.Add(ref loB, i) - Unsafe.Add(ref hiA, i), Unsafe.Add(ref loA, i) - Unsafe.Add(ref hiB, i)), 0f);
            sum += gap * gap;
        }
        return sum;
    }
}
