using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Vision;

namespace Pipeline.Embed.Worker.Consumers;

/// <summary>Embeds a batch of regions with every active model, writes all the vectors in one transaction, then announces them.</summary>
public sealed class RegionDetectedConsumer(IReadOnlyList<IEmbedder> embedders, EmbeddingStore store) : IConsumer<Batch<RegionDetected>>
{
    public async Task Consume(ConsumeContext<Batch<RegionDetected>> context)
    {
        var regions = context.Message.Select(m => m.Message).ToArray();
        var sources = regions.Select(Source).ToList();
        var batches = new List<ModelVectors>();
        foreach (var embedder in embedders)
        {
            var modelId = await store.EnsureModelAsync(embedder.Model, embedder.Dimensions, context.CancellationToken);
            var vectors = embedder.Embed(sources);
            batches.Add(new ModelVectors(modelId, regions.Select((r, i) => new EmbeddingRow(r.RegionId, r.ImageId, r.JobId, vectors[i])).ToList()));
        }
        await store.AddAsync(batches, context.CancellationToken);
        await context.PublishBatch(embedders.SelectMany(e => regions.Select(r => new VectorEmbedded
        {
            JobId = r.JobId, ImageId = r.ImageId, RegionId = r.RegionId, Model = e.Model, Dimensions = e.Dimensions,
        })), context.CancellationToken);
    }

    private static ImageRegion Source(RegionDetected r) =>
        new(r.ImagePath, new PixelBox(r.X, r.Y, r.Width, r.Height), r.DerivativePath);
}
