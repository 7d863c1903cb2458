using System.ComponentModel.DataAnnotations;

namespace Pipeline.Embed.Worker;

public sealed class EmbedOptions
{
    public const string Section = "Embed";

    /// <summary>Regions per batch: one inference batch and one database statement.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 64;

    [Range(1, 64)]
    public int Parallelism { get; set; } = Environment.ProcessorCount;
}
