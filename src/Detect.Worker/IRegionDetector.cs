using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Detect.Worker;

/// <summary>A stored region and a small picture of exactly it (the page thumbnail, or a crop).</summary>
public sealed record FoundRegion(Region Region, string? DerivativePath);

/// <summary>Finds the regions of each image worth embedding.</summary>
public interface IRegionDetector
{
    IReadOnlyList<IReadOnlyList<FoundRegion>> Detect(IReadOnlyList<ImageIngested> images);
}

/// <summary>The default with no detector model configured: the whole image is the one region.</summary>
public sealed class WholeImageDetector : IRegionDetector
{
    public IReadOnlyList<IReadOnlyList<FoundRegion>> Detect(IReadOnlyList<ImageIngested> images) =>
        images.Select(i => (IReadOnlyList<FoundRegion>)[Page(i)]).ToList();

    /// <summary>The whole page as a region, its thumbnail as its picture; detectors keep it too, so pages are embedded.</summary>
    public static FoundRegion Page(ImageIngested image) => new(new Region
    {
        Id = DeterministicIds.ForRegion(image.ImageId, 0, 0, image.Width, image.Height, null),
        ImageId = image.ImageId, JobId = image.JobId, X = 0, Y = 0, Width = image.Width, Height = image.Height,
        DetectedAt = DateTimeOffset.UtcNow,
    }, image.ThumbnailPath);
}
