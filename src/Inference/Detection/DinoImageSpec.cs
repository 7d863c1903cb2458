using System.Text.Json;
using Pipeline.Inference.Preprocessing;

namespace Pipeline.Inference.Detection;

/// <summary>
/// Grounding DINO's image preprocessing, from the Hugging Face <c>preprocessor_config.json</c>: either
/// <c>size {shortest_edge, longest_edge}</c> (aspect kept) or a pinned <c>size {height, width}</c> (aspect ignored),
/// PIL resampling, then ImageNet mean/std.
/// </summary>
internal sealed record DinoImageSpec(int ShortestEdge, int LongestEdge, int FixedWidth, int FixedHeight, Interpolation Interpolation, float[] Mean, float[] Std)
{
    /// <summary>The published grounding-dino-tiny configuration.</summary>
    public static DinoImageSpec Default => new(800, 1333, 0, 0, Interpolation.Bilinear, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    bool Pinned => FixedWidth > 0;

    /// <summary>The short side to decode at: enough for the resize, so big scans are decoded at reduced size.</summary>
    public int DecodeShortSide => Pinned ? Math.Max(FixedWidth, FixedHeight) : ShortestEdge;

    /// <summary>The default when <paramref name="path"/> does not exist; otherwise the fields it sets.</summary>
    /// <exception cref="InvalidDataException">the file is not JSON or sets a size, filter or mean/std this code cannot honour.</exception>
    public static DinoImageSpec Read(string path)
    {
        var spec = Default;
        if (!File.Exists(path)) return spec;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            if (root.TryGetProperty("size", out var size))
            {
                if (size.TryGetProperty("height", out var h) && size.TryGetProperty("width", out var w))
                    spec = spec with { FixedWidth = w.GetInt32(), FixedHeight = h.GetInt32() };
                else
                    spec = spec with { ShortestEdge = size.GetProperty("shortest_edge").GetInt32(),
                        LongestEdge = size.TryGetProperty("longest_edge", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : 0 };
            }
            if (root.TryGetProperty("resample", out var resample))
                spec = spec with { Interpolation = resample.GetInt32() switch
                {
                    2 => Interpolation.Bilinear,
                    3 => Interpolation.Bicubic,
                    var other => throw new InvalidDataException($"PIL resample {other} is not supported (2 bilinear, 3 bicubic)"),
                } };
            if (root.TryGetProperty("image_mean", out var mean)) spec = spec with { Mean = [.. mean.EnumerateArray().Select(v => v.GetSingle())] };
            if (root.TryGetProperty("image_std", out var std)) spec = spec with { Std = [.. std.EnumerateArray().Select(v => v.GetSingle())] };
            spec.Check();
            return spec;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    void Check()
    {
        if (Pinned ? FixedWidth < 8 || FixedHeight < 8 : ShortestEdge < 8 || (LongestEdge != 0 && LongestEdge < ShortestEdge))
            throw new InvalidDataException($"size {(Pinned ? $"{FixedWidth}x{FixedHeight}" : $"shortest {ShortestEdge}, longest {LongestEdge}")} is not usable");
        if (Mean.Length != 3 || Std.Length != 3 || Std.Any(s => !(s > 0)))
            throw new InvalidDataException("image_mean and image_std need three values, std positive");
    }

    /// <summary>
    /// Size after the resize: transformers' <c>get_size_with_aspect_ratio</c> (DETR), i.e. the short side to
    /// ShortestEdge unless the long side would pass LongestEdge, in which case the long side is held there.
    /// </summary>
    public (int Width, int Height) ResizedSize(int width, int height)
    {
        if (Pinned) return (FixedWidth, FixedHeight);
        double size = ShortestEdge;
        double? raw = null;
        if (LongestEdge > 0)
        {
            double min = Math.Min(width, height), max = Math.Max(width, height);
            if (max / min * size > LongestEdge)
            {
                raw = LongestEdge * min / max;
                size = (int)Math.Round(raw.Value, MidpointRounding.ToEven); // Python's round()
            }
        }
        if ((height <= width && height == size) || (width <= height && width == size)) return (width, height);
        if (width < height) return ((int)size, (int)((raw ?? size) * height / width));
        return ((int)((raw ?? size) * width / height), (int)size);
    }

    /// <summary>
    /// The padded input size for an image of this orientation: fixed, so the GPU sees two shapes at most
    /// (cuDNN re-tunes per shape), and one image's result does not depend on what it is batched with.
    /// </summary>
    public (int Width, int Height) Canvas(int width, int height)
    {
        if (Pinned) return (FixedWidth, FixedHeight);
        // Without a longest edge no canvas fits every image: each gets its own size (and the GPU re-tunes).
        if (LongestEdge == 0) return ResizedSize(width, height);
        return width >= height ? (LongestEdge, ShortestEdge) : (ShortestEdge, LongestEdge);
    }
}
