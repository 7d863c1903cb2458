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
        var found = Assert.Single(Assert.Single(new WholeImageDetector().Detect([Image(Guid.NewGuid())])));
        Assert.Equal((0, 0, 640, 480), (found.Region.X, found.Region.Y, found.Region.Width, found.Region.Height));
        Assert.Equal("/t.jpg", found.DerivativePath);
    }

    [Fact]
    public void Detecting_the_same_image_twice_gives_the_same_region_id()
    {
        var id = Guid.NewGuid();
        Guid RegionOf(Guid image) => new WholeImageDetector().Detect([Image(image)])[0][0].Region.Id;
        Assert.Equal(RegionOf(id), RegionOf(id));
        Assert.NotEqual(RegionOf(id), RegionOf(Guid.NewGuid()));
    }
}
