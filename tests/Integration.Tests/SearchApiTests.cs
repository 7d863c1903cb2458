using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>The dashboard's search API and `pipeline search`, against real workers' vectors in pgvector.</summary>
[Collection(PipelineCollection.Name)]
public sealed class SearchApiTests(PipelineFixture fx)
{
    [Fact]
    public async Task Stored_uploaded_text_and_multi_image_queries_find_their_group()
    {
        var folder = Path.Combine(fx.WorkDir, "search");
        var images = SyntheticImages.Generate(folder, 60, groups: 3, seed: 23);
        var job = await fx.IngestAsync(folder);
        var group = images.ToDictionary(i => Path.GetFullPath(i.Path), i => i.Group);
        var ids = await ImageIdsAsync(job.JobId);
        var scope = new { model = "weightfree-v1", job = job.JobId, k = 10 };

        var like = ids.First(p => group[p.Key] == 0);
        var similar = await PostAsync("similar", new { scope.model, scope.job, scope.k, id = like.Value });
        Assert.Equal(like.Value, similar.Hits[0].ImageId);
        Assert.True(similar.Hits.Count(h => group[h.ImagePath] == 0) >= 8, Describe(similar, group));

        using (var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(like.Key)), "file", "query.jpg" },
            { new StringContent("weightfree-v1"), "model" }, { new StringContent("5"), "k" }, { new StringContent(job.JobId.ToString()), "job" },
        })
        {
            var uploaded = await ReadAsync(await fx.Http.PostAsync(Api("image"), form));
            Assert.Equal(like.Value, uploaded.Hits[0].ImageId);
            Assert.True(uploaded.Hits[0].Score > 0.95, Describe(uploaded, group));
        }

        var text = await PostAsync("text", new { model = PipelineFixture.TinyClip, text = "a photo of a fox", k = 5, job = job.JobId });
        Assert.Equal(5, text.Hits.Count);
        Assert.Equal(text.Hits.Select(h => h.Score).OrderDescending(), text.Hits.Select(h => h.Score));

        var examples = ids.Where(p => group[p.Key] == 1).Take(4).Select(p => p.Value).ToArray();
        var multi = await PostAsync("multi", new { scope.model, scope.job, scope.k, ids = examples, mode = "Cv", dimensions = 64 });
        Assert.True(multi.Hits.Count(h => group[h.ImagePath] == 1) >= 8, Describe(multi, group));
        Assert.Equal((60, 64), (multi.Cost!.Scanned, multi.Cost.Dimensions));

        // Relevance feedback: marked-irrelevant results of other groups are gone from the next round, and it keeps its group.
        var wide = await PostAsync("similar", new { scope.model, scope.job, k = 30, id = like.Value });
        var relevant = wide.Hits.Where(h => group[h.ImagePath] == 0).Take(3).Select(h => h.RegionId).ToArray();
        var irrelevant = wide.Hits.Where(h => group[h.ImagePath] != 0).Take(3).Select(h => h.RegionId).ToArray();
        Assert.NotEmpty(irrelevant);
        var refined = await PostAsync("feedback", new { scope.model, scope.job, k = 30, id = like.Value, relevant, irrelevant, negatives = 20 });
        Assert.DoesNotContain(refined.Hits, h => irrelevant.Contains(h.RegionId));
        Assert.All(relevant, r => Assert.Contains(refined.Hits, h => h.RegionId == r));
        double Precision(Answer a) => (double)a.Hits.Count(h => group[h.ImagePath] == 0) / a.Hits.Count;
        Assert.True(Precision(refined) > Precision(wide), $"{Describe(wide, group)}\n{Describe(refined, group)}");

        // A walk from a group-0 image to a group-1 image. The generated groups are far apart: with 5 neighbours each
        // group is an island of its own; 25 (more than a group's 20 images) bridges them.
        var target = ids.First(p => group[p.Key] == 1);
        await BadAsync("path", new { scope.model, scope.job, from = like.Value, to = target.Value, neighbours = 5 }, "no path joins them");
        var walk = await PostAsync("path", new { scope.model, scope.job, from = like.Value, to = target.Value, neighbours = 25 });
        Assert.Equal(like.Value, walk.Hits[0].ImageId);
        Assert.Equal(target.Value, walk.Hits[^1].ImageId);
        Assert.True(walk.Hits.Count >= 2 && walk.Hits.Count == walk.Hits.Select(h => h.ImageId).Distinct().Count(), Describe(walk, group));
        Assert.All(walk.Hits.Skip(1), h => Assert.True(h.Score > 0, Describe(walk, group)));

        var export = Path.Combine(fx.WorkDir, "search-export");
        var (exit, output) = await fx.RunCliAsync("search", "--like", like.Value.ToString(), "--job", job.JobId.ToString(), "-k", "3",
            "--api", fx.Dashboard.Url.ToString(), "--export", export);
        Assert.True(exit == 0, output);
        Assert.Contains("3 results from weightfree-v1 (similar)", output);
        Assert.Contains(like.Key, output);
        var csv = File.ReadAllLines(Path.Combine(export, "results.csv"));
        Assert.Equal(4, csv.Length);
        Assert.StartsWith($"1,", csv[1]);
        Assert.Contains(like.Key, csv[1]);
        Assert.Equal(File.ReadAllBytes(like.Key), File.ReadAllBytes(Path.Combine(export, "001_" + Path.GetFileName(like.Key))));
        Assert.True(File.Exists(Path.Combine(export, "results.json")));
    }

    [Fact]
    public async Task Bad_queries_get_a_400_with_the_reason()
    {
        await BadAsync("text", new { model = "weightfree-v1", text = "" }, "the text is empty");
        await BadAsync("text", new { model = "weightfree-v1", text = "a cat" }, "no text encoder");
        await BadAsync("text", new { model = "no-such-model", text = "a cat" }, "no vectors for model 'no-such-model'");
        await BadAsync("similar", new { model = "weightfree-v1", id = Guid.NewGuid(), k = 0 }, "k must be between 1 and 1000");
        await BadAsync("similar", new { model = "weightfree-v1", id = Guid.NewGuid(), k = 100_000 }, "k must be between 1 and 1000");
        await BadAsync("similar", new { model = "weightfree-v1", id = Guid.NewGuid() }, "no stored weightfree-v1 vector");
        await BadAsync("multi", new { model = "weightfree-v1", ids = Array.Empty<Guid>() }, "at least one image");
        await BadAsync("feedback", new { model = "weightfree-v1", id = Guid.NewGuid() }, "mark at least one result relevant");
        await BadAsync("path", new { model = "weightfree-v1", from = Guid.NewGuid(), to = Guid.NewGuid(), neighbours = 0 }, "neighbours must be between 1 and 100");

        using var form = new MultipartFormDataContent { { new ByteArrayContent("not an image at all"u8.ToArray()), "file", "notes.jpg" } };
        var response = await fx.Http.PostAsync(Api("image"), form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'notes.jpg' is refused", await response.Content.ReadAsStringAsync());
    }

    private async Task BadAsync(string kind, object query, string reason)
    {
        var response = await fx.Http.PostAsJsonAsync(Api(kind), query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    private Uri Api(string kind) => new(fx.Dashboard.Url, "api/search/" + kind);

    private async Task<Answer> PostAsync(string kind, object query) => await ReadAsync(await fx.Http.PostAsJsonAsync(Api(kind), query));

    private static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<Answer>(body, JsonSerializerOptions.Web)!;
    }

    private async Task<Dictionary<string, Guid>> ImageIdsAsync(Guid jobId)
    {
        await using var cmd = fx.Db.CreateCommand("SELECT path, id FROM images WHERE job_id = $1");
        cmd.Parameters.AddWithValue(jobId);
        var ids = new Dictionary<string, Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids[r.GetString(0)] = r.GetGuid(1);
        return ids;
    }

    private static string Describe(Answer a, Dictionary<string, int> group) =>
        string.Join(", ", a.Hits.Select(h => $"{group.GetValueOrDefault(h.ImagePath, -1)}:{h.Score:F3}"));

    private sealed record Answer(string Model, string Method, List<Hit> Hits, Cost? Cost);

    private sealed record Hit(Guid ImageId, Guid RegionId, string ImagePath, float Score);

    private sealed record Cost(int Scanned, int Dimensions, double Milliseconds);
}
