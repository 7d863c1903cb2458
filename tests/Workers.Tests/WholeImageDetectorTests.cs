using Pipeline.Contracts;
using Pipeline.Detect.Worker;

namespace Pipeline.Workers.Tests;

public sealed class WholeImageDetectorTests
{
    private static ImageIngested Image(Guid id) => new()
    {
        JobId = Guid.NewGuid(), ImageId = id, Path = "/a.jpg", ThumbnailPath = "/t.jpg", Width = 640, Height = 480,
    };

    [Fact]
    public void Without_a_model_the_whole_image_is_the_one_region()
    {
        var region = Assert.Single(new WholeImageDetector().Detect(Image(Guid.NewGuid())));
        Assert.Equal((0, 0, 640, 480), (region.X, region.Y, region.Width, region.Height));
    }

    [Fact]
    public void Detecting_the_same_image_twice_gives_the_same_region_id()
    {
        var id = Guid.NewGuid();
        var detector = new WholeImageDetector();
        Assert.Equal(detector.Detect(Image(id))[0].Id, detector.Detect(Image(id))[0].Id);
        Assert.NotEqual(detector.Detect(Image(id))[0].Id, detector.Detect(Image(Guid.NewGuid()))[0].Id);
    }
}
