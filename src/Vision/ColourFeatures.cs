namespace Pipeline.Vision;

/// <summary>
/// One pass over the RGBA pixels: a soft-binned HSV histogram (8 hues x 2 saturations x 3 values, plus
/// 4 grey levels for low-chroma pixels), an 8x8 grey layout and a 4x4 opponent-colour layout; it also
/// leaves the luminance plane for the gradient features.
/// </summary>
internal static class ColourFeatures
{
    const int Hues = 8, Saturations = 2, Values = 3, Greys = 4;
    public const int HistogramLength = Hues * Saturations * Values + Greys;
    public const int GreySide = 8, ChromaSide = 4;
    public const int GreyLength = GreySide * GreySide, ChromaLength = ChromaSide * ChromaSide * 2;

    public static void Compute(ReadOnlySpan<byte> rgba, int stride, int width, int height, Span<float> luminance,
        Span<float> histogram, Span<float> greyLayout, Span<float> chromaLayout)
    {
        Span<float> greyCount = stackalloc float[GreyLength];
        Span<float> chromaCount = stackalloc float[ChromaSide * ChromaSide];
        greyCount.Clear();
        chromaCount.Clear();
        // Layout cells per column, computed once: an integer division per pixel would cost more than the histogram.
        Span<int> greyColumn = stackalloc int[width];
        Span<int> chromaColumn = stackalloc int[width];
        for (var x = 0; x < width; x++)
        {
            greyColumn[x] = x * GreySide / width;
            chromaColumn[x] = x * ChromaSide / width;
        }
        const float scale = 1 / 255f;
        for (var y = 0; y < height; y++)
        {
            var row = rgba.Slice(y * stride, width * 4);
            var lumaRow = luminance.Slice(y * width, width);
            var greyRow = y * GreySide / height * GreySide;
            var chromaRow = y * ChromaSide / height * ChromaSide;
            for (var x = 0; x < width; x++)
            {
                float r = row[4 * x] * scale, g = row[4 * x + 1] * scale, b = row[4 * x + 2] * scale;
                var l = 0.299f * r + 0.587f * g + 0.114f * b;
                lumaRow[x] = l;
                // Every other pixel of every other row: the same statistics at a quarter of the cost.
                if (((x | y) & 1) == 0) AddColour(histogram, r, g, b, l);

                var gc = greyRow + greyColumn[x];
                greyLayout[gc] += l;
                greyCount[gc]++;
                var cc = chromaRow + chromaColumn[x];
                chromaLayout[2 * cc] += r - g;
                chromaLayout[2 * cc + 1] += 0.5f * (r + g) - b;
                chromaCount[cc]++;
            }
        }

        // Fractions, square-rooted (Hellinger): a large flat background must not drown the rest.
        float pixels = (width + 1) / 2 * ((height + 1) / 2);
        foreach (ref var bin in histogram) bin = MathF.Sqrt(bin / pixels);

        float mean = 0;
        for (var i = 0; i < GreyLength; i++)
        {
            greyLayout[i] = greyCount[i] > 0 ? greyLayout[i] / greyCount[i] : 0;
            mean += greyLayout[i] / GreyLength;
        }
        // Mean-centred: the layout describes where it is light or dark, not how bright the image is.
        for (var i = 0; i < GreyLength; i++) greyLayout[i] = greyCount[i] > 0 ? greyLayout[i] - mean : 0;
        for (var i = 0; i < chromaCount.Length; i++)
        {
            var n = Math.Max(1, chromaCount[i]);
            chromaLayout[2 * i] /= n;
            chromaLayout[2 * i + 1] /= n;
        }
    }

    static void AddColour(Span<float> histogram, float r, float g, float b, float l)
    {
        var max = MathF.Max(r, MathF.Max(g, b));
        var chroma = max - MathF.Min(r, MathF.Min(g, b));
        // Hue is noise for near-grey pixels: fade them into grey-level bins instead of a hard cut.
        var colourful = Math.Clamp((chroma - 0.05f) * 10f, 0, 1);
        if (colourful < 1)
        {
            var (g0, gw) = Soft(l, Greys);
            var grey = histogram.Slice(Hues * Saturations * Values + g0, 2);
            grey[0] += (1 - colourful) * (1 - gw);
            grey[1] += (1 - colourful) * gw;
        }
        if (colourful <= 0) return;

        var hue = max == r ? (g - b) / chroma : max == g ? (b - r) / chroma + 2 : (r - g) / chroma + 4; // [-1, 5]
        var hp = (hue < 0 ? hue + 6 : hue) * (Hues / 6f) - 0.5f;   // [-0.5, 7.5]
        var floor = MathF.Floor(hp);
        var hw = hp - floor;                                        // in [0, 1]: never a negative weight
        var h0 = (int)floor;
        h0 &= Hues - 1;
        var h1 = (h0 + 1) & (Hues - 1);
        var (s0, sw) = Soft(chroma / max, Saturations);
        var (v0, vw) = Soft(max, Values);
        float low = colourful * (1 - sw), high = colourful * sw;
        Add(histogram, (s0 * Values + v0) * Hues, low * (1 - vw), h0, h1, hw);
        Add(histogram, (s0 * Values + v0 + 1) * Hues, low * vw, h0, h1, hw);
        Add(histogram, ((s0 + 1) * Values + v0) * Hues, high * (1 - vw), h0, h1, hw);
        Add(histogram, ((s0 + 1) * Values + v0 + 1) * Hues, high * vw, h0, h1, hw);
    }

    static void Add(Span<float> histogram, int cell, float weight, int h0, int h1, float hw)
    {
        var hues = histogram.Slice(cell, Hues);
        hues[h0] += weight * (1 - hw);
        hues[h1] += weight * hw;
    }

    /// <summary>Linear split of a value in [0, 1] between two neighbouring bins of <paramref name="bins"/>.</summary>
    static (int Bin, float Weight) Soft(float value, int bins)
    {
        var p = Math.Clamp(value * bins - 0.5f, 0, bins - 1);
        var bin = Math.Min((int)p, bins - 2);
        return (bin, p - bin);
    }
}
