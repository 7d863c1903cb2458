namespace Pipeline.Inference.Detection;

/// <summary>
/// Turns one image's Grounding DINO outputs into regions, as Hugging Face's
/// <c>post_process_grounded_object_detection</c> does (sigmoid, max over tokens, box threshold, tokens above the
/// text threshold as the label, boxes scaled by the original size), then NMS per label, enlargement, clipping,
/// the size filter and the cap that the pipeline adds.
/// </summary>
public static class BoxPostprocessing
{
    /// <param name="logits">[queries, tokenStride] for this image; only the prompt's <see cref="PromptTokens.Count"/> positions are read.</param>
    /// <param name="boxes">[queries, 4] cx, cy, w, h normalised to the real image area (the model ignores padding, as DETR's do).</param>
    /// <param name="imageWidth">Width of the original image (not the resized or padded one).</param>
    public static IReadOnlyList<DetectedRegion> Regions(ReadOnlySpan<float> logits, int tokenStride, ReadOnlySpan<float> boxes,
        PromptTokens prompt, int imageWidth, int imageHeight, DetectionOptions options)
    {
        Validate(options);
        if (tokenStride < prompt.Count) throw new ArgumentException($"logits have {tokenStride} token positions; the prompt has {prompt.Count}");
        var queries = boxes.Length / 4;
        if (logits.Length != queries * tokenStride) throw new ArgumentException($"{logits.Length} logits do not match {queries} queries x {tokenStride} tokens");

        var candidates = new List<Candidate>();
        var probabilities = new float[prompt.Count];
        for (var q = 0; q < queries; q++)
        {
            var row = logits.Slice(q * tokenStride, prompt.Count);
            // Padding positions hold −∞: sigmoid gives exactly 0 there, so they never win the max.
            for (var t = 0; t < row.Length; t++) probabilities[t] = 1f / (1f + MathF.Exp(-row[t]));
            var score = probabilities.Max();
            if (!(score > options.BoxThreshold)) continue;
            var box = boxes.Slice(q * 4, 4);
            var (cx, cy, w, h) = (box[0] * imageWidth, box[1] * imageHeight, box[2] * imageWidth, box[3] * imageHeight);
            candidates.Add(new Candidate(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, Label(probabilities, prompt, options.TextThreshold)));
        }
        // Stable: equal scores keep query order, so results are deterministic.
        var ordered = candidates.OrderByDescending(c => c.Score).ToList();
        var kept = new List<Candidate>();
        foreach (var c in ordered)
            if (!kept.Any(k => k.Label == c.Label && IoU(k, c) > options.NmsIouThreshold)) kept.Add(c);

        var regions = new List<DetectedRegion>();
        foreach (var c in kept)
        {
            if (regions.Count == options.MaxRegions) break;
            var (cx, cy) = ((c.X1 + c.X2) / 2, (c.Y1 + c.Y2) / 2);
            var (halfW, halfH) = ((c.X2 - c.X1) * options.Enlarge / 2, (c.Y2 - c.Y1) * options.Enlarge / 2);
            // Outward to whole pixels, then clipped to the page.
            var left = Math.Clamp((int)MathF.Floor(cx - halfW), 0, imageWidth);
            var top = Math.Clamp((int)MathF.Floor(cy - halfH), 0, imageHeight);
            var right = Math.Clamp((int)MathF.Ceiling(cx + halfW), 0, imageWidth);
            var bottom = Math.Clamp((int)MathF.Ceiling(cy + halfH), 0, imageHeight);
            if (right - left < options.MinRegionSize || bottom - top < options.MinRegionSize) continue;
            regions.Add(new DetectedRegion(left, top, right - left, bottom - top, c.Score, c.Label));
        }
        return regions;
    }

    /// <exception cref="ArgumentOutOfRangeException">a threshold, the enlargement or a count is out of range.</exception>
    public static void Validate(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.BoxThreshold is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.BoxThreshold, "BoxThreshold must be in [0, 1)");
        if (!(options.TextThreshold is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.TextThreshold, "TextThreshold must be in [0, 1)");
        if (!(options.NmsIouThreshold is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(options), options.NmsIouThreshold, "NmsIouThreshold must be in (0, 1]");
        if (!(options.Enlarge > 0) || float.IsInfinity(options.Enlarge)) throw new ArgumentOutOfRangeException(nameof(options), options.Enlarge, "Enlarge must be positive");
        if (options.MinRegionSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MinRegionSize, "MinRegionSize must be at least 1");
        if (options.MaxRegions < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxRegions, "MaxRegions must be at least 1");
    }

    /// <summary>
    /// The prompt tokens above the text threshold, specials excluded. When none is (the box threshold is met by a
    /// special or "." alone, or the thresholds are set oddly) the phrase holding the likeliest token is used, so a
    /// region always has a label.
    /// </summary>
    internal static string Label(ReadOnlySpan<float> probabilities, PromptTokens prompt, float textThreshold)
    {
        var above = new List<int>();
        var best = -1;
        for (var t = 0; t < prompt.Count; t++)
        {
            if (!prompt.IsLabelToken(t)) continue;
            if (probabilities[t] > textThreshold) above.Add(t);
            if (best < 0 || probabilities[t] > probabilities[best]) best = t;
        }
        if (above.Count > 0) return prompt.Join(above);
        if (best < 0) return "";
        var (first, last) = (best, best);
        while (first > 0 && prompt.IsLabelToken(first - 1)) first--;
        while (last < prompt.Count - 1 && prompt.IsLabelToken(last + 1)) last++;
        return prompt.Join(Enumerable.Range(first, last - first + 1));
    }

    internal static float IoU(Candidate a, Candidate b)
    {
        var w = Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1);
        var h = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1);
        if (w <= 0 || h <= 0) return 0;
        var overlap = w * h;
        return overlap / ((a.X2 - a.X1) * (a.Y2 - a.Y1) + (b.X2 - b.X1) * (b.Y2 - b.Y1) - overlap);
    }

    internal sealed record Candidate(float X1, float Y1, float X2, float Y2, float Score, string Label);
}
