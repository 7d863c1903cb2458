using MassTransit;
using Pipeline.Contracts;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>At-least-once delivery means the same message twice, sometimes in one batch: it must cost nothing but time.</summary>
[Collection(PipelineCollection.Name)]
public sealed class DuplicateMessageTests(PipelineFixture fx)
{
    [Fact]
    public async Task A_region_announced_twice_in_one_batch_is_embedded_once_and_nothing_is_parked()
    {
        var image = SyntheticImages.Generate(Path.Combine(fx.WorkDir, "twice"), 1, groups: 1, width: 48, height: 40, seed: 7201).Single().Path;
        var region = new RegionDetected
        {
            JobId = Guid.NewGuid(), ImageId = Guid.NewGuid(), RegionId = Guid.NewGuid(), ImagePath = image, X = 0, Y = 0, Width = 48, Height = 40,
        };
        var parked = await fx.ErrorQueueMessagesAsync();

        await fx.Bus.PublishBatch([region, region]);

        long vectors = 0;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); vectors < 2 && DateTime.UtcNow < deadline; await Task.Delay(200))
            vectors = (await fx.Db.CountsAsync("SELECT count(*) FROM embeddings WHERE region_id = $1", region.RegionId))[0];
        Assert.Equal(2, vectors); // one per model
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(parked, await fx.ErrorQueueMessagesAsync());
    }
}
