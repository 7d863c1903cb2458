using System.ComponentModel.DataAnnotations;

namespace Pipeline.Dashboard.Search;

public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Largest image a query may upload.</summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Model used when a request names none.</summary>
    public string DefaultModel { get; set; } = Vision.WeightFreeEmbedder.Name;
}
