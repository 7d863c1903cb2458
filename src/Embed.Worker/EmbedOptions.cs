using System.ComponentModel.DataAnnotations;

namespace Pipeline.Embed.Worker;

public sealed class EmbedOptions
{
    public const string Section = "Embed";

    public const string WeightFree = Vision.WeightFreeEmbedder.Name;

    /// <summary>Regions per batch: one inference batch per model and one database transaction.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// Active models, by folder name under Inference:ModelsPath; every region gets a vector from each.
    /// Empty means "weightfree-v1", the built-in descriptor that needs no files (an array default would be appended to by binding).
    /// </summary>
    public string[] Models { get; set; } = [];

    public IReadOnlyList<string> ActiveModels => Models.Length > 0 ? Models : [WeightFree];
}
