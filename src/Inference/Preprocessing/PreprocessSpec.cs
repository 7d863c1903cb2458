namespace Pipeline.Inference.Preprocessing;

/// <summary>How the image reaches <see cref="PreprocessSpec.ResizeTo"/> before the centre crop.</summary>
public enum ResizeMode
{
    /// <summary>Short side to ResizeTo, long side scaled and truncated (torchvision <c>Resize(int)</c>).</summary>
    Shortest,

    /// <summary>Both sides to ResizeTo, aspect ratio ignored.</summary>
    Squash,
}

/// <summary>PIL's resampling filters (antialiased when downsampling).</summary>
public enum Interpolation
{
    /// <summary>Keys cubic, a = -0.5 (PIL <c>BICUBIC</c>).</summary>
    Bicubic,

    /// <summary>Triangle filter (PIL <c>BILINEAR</c>).</summary>
    Bilinear,
}

/// <summary>
/// A model's image input: resize (see <see cref="Mode"/>) to <see cref="ResizeTo"/>, centre-crop
/// <see cref="Size"/> x <see cref="Size"/>, scale to [0,1], then (x - Mean) / Std per RGB channel.
/// </summary>
public sealed record PreprocessSpec(int Size, ResizeMode Mode, Interpolation Interpolation, float[] Mean, float[] Std)
{
    readonly int resizeTo;

    /// <summary>CLIP ViT-B/32 (OpenAI weights, Immich export): shortest side 224 bicubic, crop 224.</summary>
    /// <remarks>A new instance per call: its arrays are mutable and must not be shared by accident.</remarks>
    public static PreprocessSpec Clip => new(224, ResizeMode.Shortest, Interpolation.Bicubic,
        [0.48145466f, 0.4578275f, 0.40821073f], [0.26862954f, 0.26130258f, 0.27577711f]);

    /// <summary>torchvision ImageNet models (ResNet50): shortest side 256 bilinear, crop 224.</summary>
    public static PreprocessSpec ImageNet => new(224, ResizeMode.Shortest, Interpolation.Bilinear,
        [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]) { ResizeTo = 256 };

    /// <summary>
    /// Resize target before the crop (the short side, or both sides when squashing); 0 means <see cref="Size"/>.
    /// Also the <c>minShortSide</c> to decode with (<c>ImagePixels.Decode</c>): a smaller source gets upscaled.
    /// </summary>
    /// <remarks>Stored as 0 by default so that <c>spec with { Size = 336 }</c> keeps following Size.</remarks>
    public int ResizeTo
    {
        get => resizeTo == 0 ? Size : resizeTo;
        init => resizeTo = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ResizeTo), value, "must be >= 0");
    }

    internal void Validate()
    {
        if (Size < 1) throw new ArgumentException($"Size {Size} must be at least 1");
        if (ResizeTo < Size) throw new ArgumentException($"ResizeTo {ResizeTo} is smaller than the crop Size {Size}");
        if (Mean is not { Length: 3 } || Std is not { Length: 3 })
            throw new ArgumentException("Mean and Std need one value per RGB channel");
        foreach (var s in Std)
            if (!(s > 0) || float.IsInfinity(s)) throw new ArgumentException($"Std {s} must be positive and finite");
        if (!Enum.IsDefined(Mode) || !Enum.IsDefined(Interpolation)) throw new ArgumentException("unknown resize mode or filter");
    }
}
