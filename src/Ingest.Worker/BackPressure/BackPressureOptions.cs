using System.ComponentModel.DataAnnotations;

namespace Pipeline.Ingest.Worker.BackPressure;

/// <summary>
/// How far Ingest may run ahead of Detect and Embed. A slice waits before it is ingested while a downstream queue holds
/// more ready messages than its limit, so the queues stay bounded whatever the job's size.
/// </summary>
public sealed class BackPressureOptions
{
    public const string Section = "Ingest:BackPressure";

    /// <summary>
    /// Ready <c>ImageIngested</c> messages allowed to wait for Detect (0: no limit). 2048 is eight Detect workers'
    /// prefetch (2 x 128), and what KEDA needs to see to scale Detect to eight pods at 256 per pod.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxPendingImages { get; set; } = 2048;

    /// <summary>Ready <c>RegionDetected</c> messages allowed to wait for Embed (0: no limit); a page may give several regions.</summary>
    [Range(0, 100_000_000)]
    public int MaxPendingRegions { get; set; } = 8192;

    /// <summary>MassTransit's kebab-case endpoint names of ImageIngestedConsumer and RegionDetectedConsumer.</summary>
    [Required]
    public string ImagesQueue { get; set; } = "image-ingested";

    [Required]
    public string RegionsQueue { get; set; } = "region-detected";

    /// <summary>How long one reading of the depths is trusted, and how often a held slice looks again.</summary>
    [Range(10, 60_000)]
    public int CheckIntervalMilliseconds { get; set; } = 1000;

    /// <summary>A reading that takes longer counts as unknown, and an unknown depth never holds a slice.</summary>
    [Range(100, 60_000)]
    public int ReadTimeoutMilliseconds { get; set; } = 3000;

    /// <summary>
    /// The longest a slice waits before it goes on regardless (with a warning): a stalled Detect slows ingest rather than
    /// stopping it. Below RabbitMQ's default consumer_timeout of 30 minutes, which would close the channel.
    /// </summary>
    [Range(1, 1500)]
    public int MaxHoldSeconds { get; set; } = 600;
}
