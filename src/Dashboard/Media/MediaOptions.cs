using System.ComponentModel.DataAnnotations;

namespace Pipeline.Dashboard.Media;

/// <summary>Where the workers write derivatives (thumbnails, crops): the same folder as Ingest:DerivativesPath and Detect:DerivativesPath.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    [Required]
    public string DerivativesPath { get; set; } = Path.Combine(Environment.CurrentDirectory, "data", "derivatives");
}
