using Pipeline.Storage;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

[Collection(DetectionCollection.Name)]
public sealed class DetectionTests(DetectionFixture fx)
{
    [Fact]
    public async Task Detected_regions_are_cropped_embedded_and_stored_once_beside_the_whole_page()
    {
        var folder = Path.Combine(fx.WorkDir, "pages");
        var images = SyntheticImages.Generate(folder, 6, groups: 3, width: 640, height: 480, seed: 21);

        var job = await fx.IngestAsync(folder, "object.");

        Assert.Equal(images.Count, job.Ingested);
        Assert.Equal(images.Count, job.Detected);
        Assert.True(job.Regions > images.Count, $"only {job.Regions} regions for {images.Count} pages: the detector found nothing");
        Assert.Equal(job.Regions, job.Embedded);

        await using var cmd = fx.Db.CreateCommand("""
            SELECT r.x, r.y, r.width, r.height, r.label, i.width, i.height, r.id FROM regions r JOIN images i ON i.id = r.image_id
            WHERE r.job_id = $1 AND r.label IS NOT NULL
            """);
        cmd.Parameters.AddWithValue(job.JobId);
        var crops = 0;
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                crops++;
                Assert.True(File.Exists(DerivativePaths.For(Path.Combine(fx.WorkDir, "derivatives"), "crops", r.GetGuid(7))), "a detected region has no crop");
                Assert.Equal("object", r.GetString(4));
                Assert.InRange(r.GetInt32(0) + r.GetInt32(2), 1, r.GetInt32(5));
                Assert.InRange(r.GetInt32(1) + r.GetInt32(3), 1, r.GetInt32(6));
            }
        Assert.Equal(job.Regions - images.Count, crops);

        var before = job.Regions;
        var again = await fx.IngestAsync(folder, "object.");
        Assert.Equal(images.Count, again.Duplicates);
        Assert.Equal(before, (await new ProgressQueries(fx.Db).GetAsync(job.JobId, default))!.Regions);
    }
}
