namespace Pipeline.Vision;

/// <summary>What a header says about an image: its format name ("jpeg", "png", "tiff", ...) and pixel size.</summary>
public sealed record ImageInfo(string Format, int Width, int Height);
