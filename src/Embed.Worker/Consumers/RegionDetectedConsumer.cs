using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Vision;

namespace Pipeline.Embed.Worker.Consumers;

/// <summary>Embeds a batch of regions in parallel, writes the vectors in one statement, then announces each.</summary>
public sealed class RegionDetectedConsumer(IEmbedder embedder, EmbeddingStore store, IOptions<EmbedOptions> options)
    : IConsumer<Batch<RegionDetected>>
{
    public async Task Consume(ConsumeContext<Batch<RegionDetected>> context)
    {
        var regions = context.Message.Select(m => m.Message).ToArray();
        var modelId = await store.EnsureModelAsync(embedder.Model, embedder.Dimensions, context.CancellationToken);
        var rows = new EmbeddingRow[regions.Length];
        Parallel.For(0, regions.Length, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism }, i =>
            rows[i] = new EmbeddingRow(regions[i].RegionId, regions[i].ImageId, regions[i].JobId, Embed(regions[i])));
        await store.AddAsync(modelId, rows, context.CancellationToken);
        await context.PublishBatch(regions.Select(r => new VectorEmbedded
        {
            JobId = r.JobId, ImageId = r.ImageId, RegionId = r.RegionId, Model = embedder.Model, Dimensions = embedder.Dimensions,
        }), context.CancellationToken);
    }

    // A whole-image region reads the small derivative the ingest stage wrote; a box needs the original pixels.
    private float[] Embed(RegionDetected r) => r.DerivativePath is { } derivative && File.Exists(derivative)
        ? embedder.Embed(derivative)
        : embedder.Embed(r.ImagePath, new PixelBox(r.X, r.Y, r.Width, r.Height));
}
