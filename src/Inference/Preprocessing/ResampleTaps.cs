namespace Pipeline.Inference.Preprocessing;

/// <summary>
/// Filter taps for outputs [First, First + Count) of a one-axis resize from InSize to OutSize samples, as
/// Pillow's <c>precompute_coeffs</c> (libImaging/Resample.c) makes them: sample centres at (i + 0.5) * scale,
/// the filter stretched by the downscale factor (antialiasing), taps clipped to the image, weights summing to 1,
/// then turned into PIL's 8-bit fixed point (<c>normalize_coeffs_8bpc</c>) so that results match PIL bit for bit.
/// </summary>
internal sealed class ResampleTaps
{
    /// <summary>PIL's PRECISION_BITS: 32 - 8 - 2 leaves room for 8-bit samples and negative-lobe overshoot in an int.</summary>
    public const int PrecisionBits = 22;

    // One entry per thread and axis: a run of same-sized scans reuses its taps with no lock and no allocation.
    [ThreadStatic] static ResampleTaps? horizontal;
    [ThreadStatic] static ResampleTaps? vertical;

    int inSize, outSize, first;
    Interpolation filter;

    public int Count { get; private set; }

    /// <summary>Room per output in <see cref="Coefficients"/> (PIL's ksize); output i uses Length[i] of them.</summary>
    public int Stride { get; private set; }

    /// <summary>First input sample of each output.</summary>
    public int[] Start { get; private set; } = [];

    /// <summary>Number of input samples each output reads.</summary>
    public int[] Length { get; private set; } = [];

    /// <summary>Weights scaled by 2^<see cref="PrecisionBits"/> and rounded away from zero, as PIL does.</summary>
    public int[] Coefficients { get; private set; } = [];

    /// <summary>This thread's taps for the given columns (valid until its next call).</summary>
    public static ResampleTaps Horizontal(int inSize, int outSize, int first, int count, Interpolation filter) =>
        For(ref horizontal, inSize, outSize, first, count, filter);

    /// <summary>This thread's taps for the given rows (valid until its next call).</summary>
    public static ResampleTaps Vertical(int inSize, int outSize, int first, int count, Interpolation filter) =>
        For(ref vertical, inSize, outSize, first, count, filter);

    static ResampleTaps For(ref ResampleTaps? slot, int inSize, int outSize, int first, int count, Interpolation filter)
    {
        var taps = slot ??= new ResampleTaps();
        if (taps.inSize != inSize || taps.outSize != outSize || taps.first != first || taps.Count != count || taps.filter != filter)
            taps.Compute(inSize, outSize, first, count, filter);
        return taps;
    }

    void Compute(int inSize, int outSize, int first, int count, Interpolation filter)
    {
        this.inSize = 0; // matches no request until the arrays are consistent again (an overflow below must not leave half a table)
        Func<double, double> kernel = filter == Interpolation.Bicubic ? Bicubic : Bilinear;
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = (filter == Interpolation.Bicubic ? 2.0 : 1.0) * filterScale;
        var inverse = 1.0 / filterScale;
        var stride = (int)Math.Ceiling(support) * 2 + 1;
        if (Start.Length < count)
        {
            Start = new int[count];
            Length = new int[count];
        }
        var needed = checked(count * stride);
        // Reallocate when too small, or far too big: one huge reduction must not pin megabytes to the thread.
        if (Coefficients.Length < needed || Coefficients.Length / 4 > needed) Coefficients = new int[needed];
        for (var i = 0; i < count; i++)
        {
            var center = (first + i + 0.5) * scale;
            // (int) truncates towards zero, as PIL's C cast does, before the clip to the image.
            var min = Math.Max(0, (int)(center - support + 0.5));
            var length = Math.Min(inSize, (int)(center + support + 0.5)) - min;
            var sum = 0.0;
            for (var x = 0; x < length; x++) sum += kernel((x + min - center + 0.5) * inverse);
            var coefficients = Coefficients.AsSpan(i * stride, stride);
            coefficients.Clear();
            // Normalised in double before the fixed-point rounding, as PIL does, so edge outputs (fewer taps) keep unit gain.
            for (var x = 0; x < length; x++)
            {
                var w = kernel((x + min - center + 0.5) * inverse);
                var scaled = (sum != 0 ? w / sum : w) * (1 << PrecisionBits);
                coefficients[x] = (int)(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
            }
            Start[i] = min;
            Length[i] = length;
        }
        (this.inSize, this.outSize, this.first, Count, this.filter, Stride) = (inSize, outSize, first, count, filter, stride);
    }

    static double Bilinear(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /// <summary>Keys' cubic convolution with a = -0.5, PIL's BICUBIC.</summary>
    static double Bicubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
        if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
        return 0.0;
    }
}
