using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Inference.Detection;
using Pipeline.Storage;
using Pipeline.Storage.Entities;
using Pipeline.Vision;

namespace Pipeline.Detect.Worker;

/// <summary>
/// Grounding DINO regions per the job's prompt, each written as a crop derivative, plus the whole page
/// (pages are embedded too). Images of one batch that share a prompt run as one inference batch.
/// </summary>
public sealed class GroundingDinoRegionDetector(
    GroundingDinoDetector detector, IOptions<DetectOptions> options, IOptions<DetectionOptions> detection) : IRegionDetector
{
    private readonly ThumbnailWriter _crops = new(options.Value.CropSize);

    public IReadOnlyList<IReadOnlyList<FoundRegion>> Detect(IReadOnlyList<ImageIngested> images)
    {
        var result = new IReadOnlyList<FoundRegion>[images.Count];
        foreach (var group in images.Select((image, index) => (image, index)).GroupBy(x => x.image.DetectionPrompt ?? detection.Value.Prompt))
        {
            var members = group.ToList();
            var detected = detector.Detect(members.Select(m => m.image.Path).ToList(), detection.Value with { Prompt = group.Key });
            Parallel.For(0, members.Count, i => result[members[i].index] = Regions(members[i].image, detected[i]));
        }
        return result;
    }

    private IReadOnlyList<FoundRegion> Regions(ImageIngested image, IReadOnlyList<DetectedRegion> boxes)
    {
        var regions = boxes.Select(box =>
        {
            var id = DeterministicIds.ForRegion(image.ImageId, box.X, box.Y, box.Width, box.Height, box.Label);
            return new FoundRegion(new Region
            {
                Id = id, ImageId = image.ImageId, JobId = image.JobId, X = box.X, Y = box.Y, Width = box.Width, Height = box.Height,
                Label = box.Label, Score = box.Score, DetectedAt = DateTimeOffset.UtcNow,
            }, DerivativePaths.For(options.Value.DerivativesPath, "crops", id));
        }).ToList();
        // Crops already written by an earlier delivery stay; the rest come from one decode of the page.
        _crops.WriteRegions(image.Path, regions.Where(r => !File.Exists(r.DerivativePath))
            .Select(r => (new PixelBox(r.Region.X, r.Region.Y, r.Region.Width, r.Region.Height), r.DerivativePath!)).ToList());
        return [WholeImageDetector.Page(image), .. regions];
    }
}
