using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>An image that vanishes after ingest costs only itself at Embed: recorded with its reason, the rest embedded.</summary>
[Collection(PipelineCollection.Name)]
public sealed class EmbedFailureTests(PipelineFixture fx)
{
    [Fact]
    public async Task A_region_whose_image_is_gone_is_recorded_and_its_batch_is_embedded()
    {
        var folder = Path.Combine(fx.WorkDir, "vanishing");
        var images = SyntheticImages.Generate(folder, 4, groups: 2, seed: 5);
        var job = await fx.IngestAsync(folder);
        var gone = Path.Combine(fx.WorkDir, "gone.jpg");

        var good = images.Take(2).Select(i => Region(job.JobId, i.Path)).ToList();
        var missing = Region(job.JobId, gone);
        foreach (var region in new[] { good[0], missing, good[1] }) await fx.Bus.Publish(region);
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(1));

        await using (var cmd = fx.Db.CreateCommand("SELECT region_id, count(*) FROM embeddings WHERE region_id = ANY($1) GROUP BY region_id"))
        {
            cmd.Parameters.AddWithValue(new[] { good[0].RegionId, good[1].RegionId, missing.RegionId });
            var perRegion = new Dictionary<Guid, long>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) perRegion[r.GetGuid(0)] = r.GetInt64(1);
            Assert.Equal(2, perRegion[good[0].RegionId]);
            Assert.Equal(2, perRegion[good[1].RegionId]);
            Assert.False(perRegion.ContainsKey(missing.RegionId));
        }
        var progress = (await new ProgressQueries(fx.Db).GetAsync(job.JobId, default))!;
        Assert.Equal(1, progress.EmbedFailed);
        var failure = Assert.Single(await new ProgressQueries(fx.Db).FailuresAsync(job.JobId, 10, default));
        Assert.Equal(("embed", gone), (failure.Stage, failure.Path));
        Assert.Contains("gone.jpg", failure.Reason);
        Assert.Equal(0, await fx.ErrorQueueMessagesAsync());
    }

    private static RegionDetected Region(Guid jobId, string path) => new()
    {
        JobId = jobId, ImageId = Guid.NewGuid(), RegionId = Guid.NewGuid(), ImagePath = path, X = 4, Y = 4, Width = 64, Height = 48,
    };
}

/// <summary>The same at Detect: a page that cannot be read is recorded, the other pages of its batch get their regions.</summary>
[Collection(DetectionCollection.Name)]
public sealed class DetectFailureTests(DetectionFixture fx)
{
    [Fact]
    public async Task A_page_that_is_gone_is_recorded_and_its_batch_is_detected()
    {
        var folder = Path.Combine(fx.WorkDir, "detect-vanishing");
        var page = SyntheticImages.Generate(folder, 1, groups: 1, width: 640, height: 480, seed: 9).Single();
        var job = await fx.IngestAsync(folder, "object.");
        var gone = Path.Combine(fx.WorkDir, "gone-page.jpg");

        var good = Page(job.JobId, page.Path);
        var missing = Page(job.JobId, gone);
        await fx.Bus.Publish(missing);
        await fx.Bus.Publish(good);
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(1));

        await using (var cmd = fx.Db.CreateCommand("SELECT image_id, count(*) FROM regions WHERE image_id = ANY($1) GROUP BY image_id"))
        {
            cmd.Parameters.AddWithValue(new[] { good.ImageId, missing.ImageId });
            var perImage = new Dictionary<Guid, long>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) perImage[r.GetGuid(0)] = r.GetInt64(1);
            Assert.True(perImage.GetValueOrDefault(good.ImageId) >= 1, "the readable page got no regions");
            Assert.False(perImage.ContainsKey(missing.ImageId));
        }
        var failure = Assert.Single(await new ProgressQueries(fx.Db).FailuresAsync(job.JobId, 10, default));
        Assert.Equal(("detect", gone), (failure.Stage, failure.Path));
        Assert.Equal(1, (await new ProgressQueries(fx.Db).GetAsync(job.JobId, default))!.DetectFailed);
        Assert.Equal(0, await fx.ErrorQueueMessagesAsync());
    }

    private static ImageIngested Page(Guid jobId, string path) => new()
    {
        JobId = jobId, ImageId = Guid.NewGuid(), Path = path, ThumbnailPath = path, Width = 640, Height = 480, DetectionPrompt = "object.",
    };
}
