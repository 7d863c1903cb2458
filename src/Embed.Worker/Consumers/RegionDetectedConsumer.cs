using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Storage.Entities;
using Pipeline.Vision;

namespace Pipeline.Embed.Worker.Consumers;

/// <summary>
/// Embeds a batch of regions with every active model, writes all the vectors in one transaction, then announces them.
/// A region whose image can no longer be read is recorded as an embed failure and gets no vector from any model, so
/// "embedded" keeps meaning "embedded by every model"; the rest of the batch goes on. Regions of cancelled jobs are skipped.
/// </summary>
public sealed class RegionDetectedConsumer(IReadOnlyList<IEmbedder> embedders, EmbeddingStore store, StageFailureStore failures, JobControlStore jobs)
    : IConsumer<Batch<RegionDetected>>
{
    public async Task Consume(ConsumeContext<Batch<RegionDetected>> context)
    {
        // A region announced twice (Detect redone after a crash or a broker restart) can arrive twice in one batch.
        var all = context.Message.Select(m => m.Message).DistinctBy(r => r.RegionId).ToArray();
        var cancelled = await jobs.CancelledAsync(all.Select(r => r.JobId), context.CancellationToken);
        IReadOnlyList<RegionDetected> regions = all.Where(r => !cancelled.Contains(r.JobId)).ToArray();
        var rejected = new List<RejectedItem<RegionDetected>>();
        var vectors = new List<(IEmbedder Embedder, Dictionary<Guid, float[]> ByRegion)>();
        foreach (var embedder in embedders)
        {
            var outcome = ImageBatches.Run(regions, batch => embedder.Embed(batch.Select(Source).ToList()));
            rejected.AddRange(outcome.Rejected);
            regions = outcome.Done.Select(d => d.Item).ToArray();
            vectors.Add((embedder, outcome.Done.ToDictionary(d => d.Item.RegionId, d => d.Result)));
        }

        await failures.AddAsync(rejected.Select(r => new StageFailure
        {
            Stage = StageFailureStore.Embed, ItemId = r.Item.RegionId, JobId = r.Item.JobId, ImageId = r.Item.ImageId,
            Path = r.Item.DerivativePath ?? r.Item.ImagePath, Reason = r.Reason, At = DateTimeOffset.UtcNow,
        }).ToList(), context.CancellationToken);
        var batches = new List<ModelVectors>();
        foreach (var (embedder, byRegion) in vectors)
        {
            var modelId = await store.EnsureModelAsync(embedder.Model, embedder.Dimensions, context.CancellationToken);
            batches.Add(new ModelVectors(modelId, regions.Select(r => new EmbeddingRow(r.RegionId, r.ImageId, r.JobId, byRegion[r.RegionId])).ToList()));
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
