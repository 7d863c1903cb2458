namespace Pipeline.Inference.Detection;

/// <summary>What to look for and which boxes to keep; bound from the configuration section "Detect".</summary>
public sealed record DetectionOptions
{
    public const string Section = "Detect";

    /// <summary>Phrases separated by "." ("cat. dog."); normalised to lower case, each phrase ending with ".".</summary>
    public string Prompt { get; init; } = "object";

    /// <summary>A query is kept when its best token probability exceeds this (0.35 in the authors' demo).</summary>
    public float BoxThreshold { get; init; } = 0.35f;

    /// <summary>Prompt tokens above this probability make up a region's label.</summary>
    public float TextThreshold { get; init; } = 0.25f;

    /// <summary>Of two same-label boxes overlapping more than this (IoU), the lower-scored one is dropped.</summary>
    public float NmsIouThreshold { get; init; } = 0.5f;

    /// <summary>Pixels, both sides, after enlargement and clipping; smaller regions are dropped.</summary>
    public int MinRegionSize { get; init; } = 32;

    /// <summary>Width and height factor around the box centre (2.0 for manga faces), clipped to the page.</summary>
    public float Enlarge { get; init; } = 1.0f;

    public int MaxRegions { get; init; } = 100;
}

/// <summary>A detected region in pixels of the original image.</summary>
public sealed record DetectedRegion(int X, int Y, int Width, int Height, float Score, string Label);
