using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Storage.Entities;
using Pipeline.Vision;

namespace Pipeline.Detect.Worker.Consumers;

/// <summary>
/// Detects regions for a batch of images, stores them in one statement and announces each. An image that can no
/// longer be read is recorded as a detect failure; the rest of the batch goes on. Images of cancelled jobs are skipped.
/// </summary>
public sealed class ImageIngestedConsumer(IRegionDetector detector, RegionStore store, StageFailureStore failures, JobControlStore jobs)
    : IConsumer<Batch<ImageIngested>>
{
    public async Task Consume(ConsumeContext<Batch<ImageIngested>> context)
    {
        // An image announced twice (an ingest slice redone after a crash) can arrive twice in one batch: detect it once.
        var images = context.Message.Select(m => m.Message).DistinctBy(m => m.ImageId).ToList();
        var cancelled = await jobs.CancelledAsync(images.Select(i => i.JobId), context.CancellationToken);
        var outcome = ImageBatches.Run(images.Where(i => !cancelled.Contains(i.JobId)).ToList(), detector.Detect);
        await failures.AddAsync(outcome.Rejected.Select(r => new StageFailure
        {
            Stage = StageFailureStore.Detect, ItemId = r.Item.ImageId, JobId = r.Item.JobId, ImageId = r.Item.ImageId,
            Path = r.Item.Path, Reason = r.Reason, At = DateTimeOffset.UtcNow,
        }).ToList(), context.CancellationToken);
        await store.AddAsync(outcome.Done.SelectMany(d => d.Result.Select(r => r.Region)).ToList(), context.CancellationToken);
        var events = outcome.Done.SelectMany(d => d.Result.Select(f => new RegionDetected
        {
            JobId = d.Item.JobId, ImageId = d.Item.ImageId, RegionId = f.Region.Id, ImagePath = d.Item.Path,
            DerivativePath = f.DerivativePath, X = f.Region.X, Y = f.Region.Y, Width = f.Region.Width, Height = f.Region.Height,
            Label = f.Region.Label, Score = f.Region.Score,
        })).ToList();
        await context.PublishBatch(events, context.CancellationToken);
    }
}
