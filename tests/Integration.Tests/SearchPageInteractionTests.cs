using AngleSharp.Dom;
using Bunit;
using Pipeline.Dashboard.Components.Pages;
using Pipeline.Storage;
using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>
/// The /search page driven through its controls (bUnit) over the real services and the fixture's database and models:
/// what the page does with what people type and click. The browser's side is left to Playwright.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class SearchPageInteractionTests : BunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly PipelineFixture _fx;

    public SearchPageInteractionTests(PipelineFixture fx)
    {
        _fx = fx;
        Services.AddDashboardServices(fx);
    }

    [Fact]
    public async Task Similar_refine_label_pick_path_and_upload_work_from_the_page()
    {
        var folder = Path.Combine(_fx.WorkDir, "search-page-ui");
        var images = SyntheticImages.Generate(folder, 30, groups: 3, seed: 37);
        var group = images.ToDictionary(i => Path.GetFullPath(i.Path), i => i.Group);
        var job = await _fx.IngestAsync(folder);
        var like = images.First(i => i.Group == 0).Path;
        var likeId = await ImageIdAsync(Path.GetFullPath(like));

        var page = Render<SearchPage>();
        page.WaitForElement("#search-model", Wait);
        page.Find("#search-job").Change(job.JobId.ToString());
        page.Find("#search-k").Change("15");

        // A bad id is explained, not thrown.
        page.Find("#search-like-id").Change("page-7");
        page.Find("#search-like-id").Closest("form")!.Submit();
        page.WaitForAssertion(() => Assert.Contains("'page-7' is not a region or image id", page.Find("#search-error").TextContent), Wait);

        page.Find("#search-like-id").Change(likeId.ToString());
        page.Find("#search-like-id").Closest("form")!.Submit();
        page.WaitForAssertion(() => Assert.Equal(15, Cards(page).Count), Wait);
        Assert.Empty(page.FindAll("#search-error"));
        Assert.Equal(likeId.ToString(), Cards(page)[0].GetAttribute("data-image"));
        Assert.Contains("15 results from weightfree-v1 (similar)", page.Find("#search-cost").TextContent);

        // Mark three of its group relevant and three of others irrelevant; the next round drops those and keeps these.
        var relevant = Cards(page).Where(c => Group(c) == 0).Take(3).Select(c => c.GetAttribute("data-region")!).ToList();
        var irrelevant = Cards(page).Where(c => Group(c) != 0).Take(3).Select(c => c.GetAttribute("data-region")!).ToList();
        Assert.Equal(3, irrelevant.Count);
        foreach (var r in relevant) Card(page, r).QuerySelector("[data-action=relevant]")!.Click();
        foreach (var r in irrelevant) Card(page, r).QuerySelector("[data-action=irrelevant]")!.Click();
        // Clicks reach the page through its renderer's queue, which may still be busy rendering the answer on a loaded machine.
        page.WaitForAssertion(() => Assert.Contains("3 relevant and 3 irrelevant marked", page.Find("#search-refine-state").TextContent), Wait);
        page.Find("#search-refine").Click();
        page.WaitForAssertion(() => Assert.Contains("(feedback, round 1)", page.Find("#search-cost").TextContent), Wait);
        var refined = Cards(page).Select(c => c.GetAttribute("data-region")!).ToList();
        Assert.Empty(refined.Intersect(irrelevant));
        Assert.All(relevant, r => Assert.Contains(r, refined));
        Assert.Equal(relevant.Count, Cards(page).Count(c => c.GetAttribute("data-mark") == "relevant")); // the marks carry over

        // Keep / exclude labels are stored and shown.
        var labelled = relevant[0];
        Card(page, labelled).QuerySelector("[data-action=exclude]")!.Click();
        page.WaitForAssertion(() => Assert.Equal("exclude", Card(page, labelled).GetAttribute("data-label")), Wait);
        Assert.Equal(false, await KeepAsync(Guid.Parse(labelled)));

        // Two picked images: a path between them, and a query with both.
        var ends = Cards(page).Where(c => Group(c) == 0).Take(2).Select(c => c.GetAttribute("data-region")!).ToList();
        foreach (var r in ends) Card(page, r).QuerySelector("[data-action=pick]")!.Change(true);
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("#search-picked-count").TextContent), Wait);
        page.Find("#search-path-go").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#search-path-steps li")), Wait);
        var steps = page.FindAll("#search-path-steps li").Select(s => s.GetAttribute("data-region")).ToList();
        Assert.Equal((ends[0], ends[1]), (steps[0], steps[^1]));
        page.Find("#search-multi-dims").Change("64");
        page.Find("#search-multi-go").Click();
        page.WaitForAssertion(() => Assert.Contains("(multi-cv) in", page.Find("#search-cost").TextContent), Wait);
        Assert.Contains("on 64 dimensions", page.Find("#search-cost").TextContent);
        Assert.True(Cards(page).Count(c => Group(c) == 0) >= 8, page.Find("#search-results").TextContent);

        // An upload: refused by its header, or found first.
        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary("no image"u8.ToArray(), "notes.jpg"));
        page.Find("#search-upload-go").Click();
        page.WaitForAssertion(() => Assert.Contains("'notes.jpg' is refused", page.Find("#search-error").TextContent), Wait);
        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary(await File.ReadAllBytesAsync(like), "query.jpg"));
        page.Find("#search-upload-go").Click();
        page.WaitForAssertion(() => Assert.Contains("(image)", page.Find("#search-cost").TextContent), Wait);
        Assert.Equal(likeId.ToString(), Cards(page)[0].GetAttribute("data-image"));
        Assert.Contains("uploaded image is not stored", page.Find("#search-refine-state").TextContent);

        // Text, with the CLIP model's text tower; the filter panel follows the chosen model.
        page.Find("#search-model").Change(PipelineFixture.TinyClip);
        page.Find("#search-k").Change("5");
        page.Find("#search-text").Change("a photo of a fox");
        page.Find("#search-text").Closest("form")!.Submit();
        page.WaitForAssertion(() => Assert.Contains($"5 results from {PipelineFixture.TinyClip} (text)", page.Find("#search-cost").TextContent), Wait);
        page.WaitForAssertion(() => Assert.Equal(PipelineFixture.TinyClip, page.Find("#search-filter").GetAttribute("data-model")), Wait);

        int Group(IElement card) => group[card.QuerySelector(".search-file")!.GetAttribute("title")!];
    }

    private static IReadOnlyList<IElement> Cards(IRenderedComponent<SearchPage> page) => page.FindAll("li.search-hit");

    private static IElement Card(IRenderedComponent<SearchPage> page, string region) => page.Find($"li.search-hit[data-region='{region}']");

    private async Task<Guid> ImageIdAsync(string path)
    {
        await using var cmd = _fx.Db.CreateCommand("SELECT id FROM images WHERE path = $1");
        cmd.Parameters.AddWithValue(path);
        return (Guid)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<bool?> KeepAsync(Guid region)
    {
        await using var cmd = _fx.Db.CreateCommand("SELECT keep FROM curation_labels WHERE region_id = $1");
        cmd.Parameters.AddWithValue(region);
        return await cmd.ExecuteScalarAsync() as bool?;
    }
}
