using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Detect.Worker.Consumers;

/// <summary>Detects regions for a batch of images, stores them in one statement and announces each.</summary>
public sealed class ImageIngestedConsumer(IRegionDetector detector, RegionStore store) : IConsumer<Batch<ImageIngested>>
{
    public async Task Consume(ConsumeContext<Batch<ImageIngested>> context)
    {
        var images = context.Message.Select(m => m.Message).ToList();
        var found = detector.Detect(images);
        await store.AddAsync(found.SelectMany(f => f.Select(r => r.Region)).ToList(), context.CancellationToken);
        var events = images.Zip(found).SelectMany(pair => pair.Second.Select(f => new RegionDetected
        {
            JobId = pair.First.JobId, ImageId = pair.First.ImageId, RegionId = f.Region.Id, ImagePath = pair.First.Path,
            DerivativePath = f.DerivativePath, X = f.Region.X, Y = f.Region.Y, Width = f.Region.Width, Height = f.Region.Height,
            Label = f.Region.Label, Score = f.Region.Score,
        })).ToList();
        await context.PublishBatch(events, context.CancellationToken);
    }
}
