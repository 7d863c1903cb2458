using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Detect.Worker.Consumers;

/// <summary>Detects regions for a batch of images, stores them in one statement and announces each.</summary>
public sealed class ImageIngestedConsumer(IRegionDetector detector, RegionStore store) : IConsumer<Batch<ImageIngested>>
{
    public async Task Consume(ConsumeContext<Batch<ImageIngested>> context)
    {
        var found = context.Message.Select(m => (Image: m.Message, Regions: detector.Detect(m.Message))).ToList();
        await store.AddAsync(found.SelectMany(f => f.Regions).ToList(), context.CancellationToken);
        var events = found.SelectMany(f => f.Regions.Select(r => new RegionDetected
        {
            JobId = f.Image.JobId, ImageId = f.Image.ImageId, RegionId = r.Id, ImagePath = f.Image.Path,
            DerivativePath = r.Width == f.Image.Width && r.Height == f.Image.Height ? f.Image.ThumbnailPath : null,
            X = r.X, Y = r.Y, Width = r.Width, Height = r.Height, Label = r.Label, Score = r.Score,
        })).ToList();
        await context.PublishBatch(events, context.CancellationToken);
    }
}
