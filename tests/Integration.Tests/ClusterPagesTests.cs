using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Pipeline.Storage;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>The dashboard's thumbnails, run page and image page, served by the real dashboard over a real clustering run.</summary>
[Collection(PipelineCollection.Name)]
public sealed partial class ClusterPagesTests(PipelineFixture fx)
{
    [Fact]
    public async Task A_finished_run_has_a_map_and_its_pages_show_clusters_thumbnails_and_boxes()
    {
        var folder = Path.Combine(fx.WorkDir, "pages");
        SyntheticImages.Generate(folder, 60, groups: 3, seed: 31);
        var job = await fx.IngestAsync(folder);
        var (exit, output) = await fx.RunCliAsync("cluster", "--model", "weightfree-v1", "--job", job.JobId.ToString(), "-a", "kmeans", "--k", "3",
            "-p", "n_init=5", "--wait");
        Assert.True(exit == 0, output + fx.Logs());
        var runId = Guid.Parse(output.Split(' ')[1]);

        await using (var cmd = fx.Db.CreateCommand(
            "SELECT count(*), count(*) FILTER (WHERE map_x IS NULL OR map_y IS NULL), count(DISTINCT (map_x, map_y)) FROM cluster_assignments WHERE run_id = $1"))
        {
            cmd.Parameters.AddWithValue(runId);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            Assert.Equal((60L, 0L), (r.GetInt64(0), r.GetInt64(1)));
            Assert.True(r.GetInt64(2) > 50, "the map should spread the points out");
        }

        var run = await fx.Http.GetStringAsync(new Uri(fx.Dashboard.Url, $"clusters/runs/{runId}"));
        Assert.Contains($"data-run=\"{runId}\"", run);
        foreach (var cluster in new[] { 0, 1, 2 }) Assert.Contains($"id=\"cluster-{cluster}\"", run);
        Assert.Equal(60, Regex.Count(run, "data-thumb=\"/media/regions/"));
        Assert.Equal(3 * 12, Regex.Count(run, "<img src=\"/media/regions/"));

        var list = await fx.Http.GetStringAsync(new Uri(fx.Dashboard.Url, "clusters"));
        Assert.Contains($"href=\"/clusters/runs/{runId}\"", list);
        Assert.Contains("id=\"run-request\"", list);

        // One image gets a detected box with its crop on disk, and one box whose crop is missing.
        var imageId = await ScalarAsync<Guid>("SELECT id FROM images WHERE job_id = $1 ORDER BY path LIMIT 1", job.JobId);
        var crop = await AddRegionAsync(imageId, 4, 6, 20, 10);
        var cropBytes = new byte[] { 0xFF, 0xD8, 1, 2, 3 };
        var cropPath = DerivativePaths.For(Path.Combine(fx.WorkDir, "derivatives"), "crops", crop);
        Directory.CreateDirectory(Path.GetDirectoryName(cropPath)!);
        await File.WriteAllBytesAsync(cropPath, cropBytes);
        var uncropped = await AddRegionAsync(imageId, 1, 1, 5, 5);

        var image = await fx.Http.GetStringAsync(new Uri(fx.Dashboard.Url, $"images/{imageId}"));
        Assert.Contains($"data-image=\"{imageId}\"", image);
        Assert.Contains($"<rect data-region=\"{crop}\" x=\"4\" y=\"6\" width=\"20\" height=\"10\"", image);
        Assert.Contains($"data-region=\"{uncropped}\"", image);
        Assert.Contains($"data-run=\"{runId}\"", image);
        Assert.Equal(12, Regex.Count(NeighboursList().Match(image).Value, "data-image="));
        Assert.DoesNotContain($"data-image=\"{imageId}\"", NeighboursList().Match(image).Value);

        // Thumbnails: from the stored derivative, cached as immutable, 304 when the client has it, 404 for what is not there.
        var thumbnail = await File.ReadAllBytesAsync((await new ImageQueries(fx.Db).ThumbnailPathAsync(imageId, default))!);
        var served = await fx.Http.GetAsync(new Uri(fx.Dashboard.Url, $"media/images/{imageId}"));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl!.ToString());
        Assert.Equal(thumbnail, await served.Content.ReadAsByteArrayAsync());
        var etag = served.Headers.ETag ?? throw new Xunit.Sdk.XunitException("no ETag");
        using (var again = new HttpRequestMessage(HttpMethod.Get, new Uri(fx.Dashboard.Url, $"media/images/{imageId}")))
        {
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await fx.Http.SendAsync(again)).StatusCode);
        }
        var wholeRegion = await ScalarAsync<Guid>("SELECT id FROM regions WHERE image_id = $1 AND x = 0 AND y = 0 AND width > 100", imageId);
        Assert.Equal(thumbnail, await fx.Http.GetByteArrayAsync(new Uri(fx.Dashboard.Url, $"media/regions/{wholeRegion}")));
        Assert.Equal(cropBytes, await fx.Http.GetByteArrayAsync(new Uri(fx.Dashboard.Url, $"media/regions/{crop}")));
        foreach (var missing in new[] { $"media/images/{Guid.NewGuid()}", $"media/regions/{Guid.NewGuid()}", $"media/regions/{uncropped}",
                     "media/images/..%2F..%2Fetc%2Fpasswd", $"images/{Guid.NewGuid()}x" })
            Assert.Equal(HttpStatusCode.NotFound, (await fx.Http.GetAsync(new Uri(fx.Dashboard.Url, missing))).StatusCode);
    }

    private async Task<Guid> AddRegionAsync(Guid imageId, int x, int y, int width, int height)
    {
        var id = Guid.NewGuid();
        await using var cmd = fx.Db.CreateCommand("""
            INSERT INTO regions (id, image_id, job_id, x, y, width, height, label, detected_at)
            SELECT $1, id, job_id, $3, $4, $5, $6, 'face', now() FROM images WHERE id = $2
            """);
        foreach (var value in new object[] { id, imageId, x, y, width, height }) cmd.Parameters.AddWithValue(value);
        await cmd.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<T> ScalarAsync<T>(string sql, Guid parameter)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(parameter);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    [GeneratedRegex("<ul class=\"strip\" id=\"neighbours\">.*?</ul>", RegexOptions.Singleline)]
    private static partial Regex NeighboursList();
}
