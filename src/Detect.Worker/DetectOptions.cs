using System.ComponentModel.DataAnnotations;

namespace Pipeline.Detect.Worker;

/// <summary>The worker's own settings; what to detect and which boxes to keep bind from the same section into DetectionOptions.</summary>
public sealed class DetectOptions
{
    public const string Section = "Detect";

    /// <summary>A Grounding DINO folder (onnx/model.onnx, vocab.txt); none means the whole image is the one region.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Where crops are written; the same shared folder the ingest stage writes thumbnails to.</summary>
    [Required]
    public string DerivativesPath { get; set; } = Path.Combine(Environment.CurrentDirectory, "data", "derivatives");

    [Range(32, 1024)]
    public int CropSize { get; set; } = 256;

    /// <summary>Images per batch (one detector pass, one transaction); a GPU node takes more. Prefetch is twice this.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 128;
}
