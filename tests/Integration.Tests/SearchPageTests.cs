using System.Text.RegularExpressions;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>The dashboard's /search page as the real dashboard serves it (prerendered, before the interactive circuit starts).</summary>
[Collection(PipelineCollection.Name)]
public sealed class SearchPageTests(PipelineFixture fx)
{
    [Fact]
    public async Task The_search_page_offers_the_models_that_have_vectors_and_the_jobs()
    {
        var folder = Path.Combine(fx.WorkDir, "search-page");
        SyntheticImages.Generate(folder, 6, groups: 2, seed: 5);
        var job = await fx.IngestAsync(folder);
        await using (var register = fx.Db.CreateCommand("INSERT INTO embedding_models (name, dimensions) VALUES ('registered-without-vectors', 8)"))
            await register.ExecuteNonQueryAsync();

        var response = await fx.Http.GetAsync(new Uri(fx.Dashboard.Url, "search"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, html);
        var models = Regex.Matches(Select(html, "search-model"), "<option value=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("weightfree-v1", models);
        Assert.Contains(PipelineFixture.TinyClip, models);
        Assert.DoesNotContain("registered-without-vectors", models);
        Assert.Contains($"value=\"{job.JobId}\"", Select(html, "search-job"));
        foreach (var id in new[] { "search-model", "search-k", "search-threshold", "search-job", "search-text", "search-upload", "search-like-id" })
            Assert.Matches($"<label for=\"{id}\"", html);
        // The noise filter panel of the default model, read from the curation store.
        Assert.Matches("<section[^>]*id=\"search-filter\"[^>]*data-model=\"weightfree-v1\"", html);
        Assert.Contains("Labels now", html);
    }

    private static string Select(string html, string id) =>
        Regex.Match(html, $"<select[^>]*id=\"{id}\".*?</select>", RegexOptions.Singleline) is { Success: true } m ? m.Value
            : throw new Xunit.Sdk.XunitException($"no <select id=\"{id}\"> in\n{html}");
}
