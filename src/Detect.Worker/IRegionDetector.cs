using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Detect.Worker;

/// <summary>Finds the regions of an image worth embedding.</summary>
public interface IRegionDetector
{
    IReadOnlyList<Region> Detect(ImageIngested image);
}

/// <summary>The default with no detector model configured: the whole image is the one region.</summary>
public sealed class WholeImageDetector : IRegionDetector
{
    public IReadOnlyList<Region> Detect(ImageIngested image) =>
    [
        new Region
        {
            Id = DeterministicIds.ForRegion(image.ImageId, 0, 0, image.Width, image.Height, null),
            ImageId = image.ImageId, JobId = image.JobId, X = 0, Y = 0, Width = image.Width, Height = image.Height,
            DetectedAt = DateTimeOffset.UtcNow,
        },
    ];
}
