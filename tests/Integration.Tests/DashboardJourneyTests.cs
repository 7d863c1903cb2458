using Microsoft.Playwright;
using Pipeline.Vision;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Integration.Tests;

/// <summary>
/// What a person does on the dashboard, in a real headless Chromium against the whole stack: start a job from the
/// page and watch its counts reach the total, request a clustering run and open it, search by image and by text, open
/// an image. Each page is saved as a screenshot (the README's pictures).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class DashboardJourneyTests(PipelineFixture fx)
{
    private const int Images = 36;
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 120_000 };

    [Fact]
    public async Task Start_a_job_watch_it_finish_cluster_it_and_search_it_from_the_browser()
    {
        var folder = Path.Combine(fx.WorkDir, "journey");
        var images = SyntheticImages.Generate(folder, Images, groups: 3, seed: 43);
        await using var browser = await HeadlessBrowser.LaunchAsync();

        // Jobs: start from the form, then the job's bars fill without a reload.
        var jobs = await browser.OpenAsync(new Uri(fx.Dashboard.Url, "/"), "main[data-interactive] #job-folder", "jobs-empty");
        await jobs.FillAsync("#job-folder", folder);
        await jobs.ClickAsync("#job-start");
        await Expect(jobs.Locator("#job-start-message")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Job [0-9a-f]{8} started"));
        var job = jobs.Locator($"article.job:has(h3:has-text('{folder}'))");
        await Expect(job.Locator("tr[data-stage=embedded] .count")).ToHaveTextAsync($"{Images} / {Images}", Slow);
        await Expect(job.Locator("tr[data-stage=ingested] .count")).ToHaveTextAsync($"{Images} / {Images}");
        await Expect(job).ToHaveAttributeAsync("data-state", "done");
        await HeadlessBrowser.ScreenshotAsync(jobs, "jobs");
        var jobId = (await job.GetAttributeAsync("data-job"))!;

        // Clusters: a snapshot of the job, clustered from the form; the run's page shows its clusters and map.
        var (exit, output) = await fx.RunCliAsync("snapshot", "create", "journey-" + jobId[..8], "--model", "weightfree-v1", "--job", jobId);
        Assert.True(exit == 0, output);
        var clusters = await browser.OpenAsync(new Uri(fx.Dashboard.Url, "/clusters"), "main[data-interactive] #run-source", "clusters-form");
        var snapshot = await clusters.Locator("#run-source option", new() { HasText = "journey-" + jobId[..8] }).GetAttributeAsync("value");
        await clusters.SelectOptionAsync("#run-source", snapshot!);
        await clusters.SelectOptionAsync("#run-algorithm", "kmeans");
        await clusters.FillAsync("#run-n-clusters", "3");
        await clusters.ClickAsync("#run-submit");
        await clusters.ClickAsync("#run-request-done a");
        await Expect(clusters.Locator("#run-state")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Succeeded"), Slow);
        await Expect(clusters.Locator("section.cluster")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        // Points overlap, so the keyboard's way in: focusing a point shows its thumbnail too. The pointer is parked on
        // the heading first (a mouseover elsewhere hides the preview, as it should), and the page may still be putting
        // the finished run's map in place, so focus moves between two points until the preview shows.
        await clusters.HoverAsync("#run-title");
        var preview = clusters.Locator("#map-preview");
        for (var tries = 0; tries < 20 && !await preview.IsVisibleAsync(); tries++)
        {
            await clusters.Locator("#cluster-map a[data-thumb]").Nth(tries % 2).FocusAsync();
            await Task.Delay(250);
        }
        await Expect(preview).ToBeVisibleAsync();
        await HeadlessBrowser.ScreenshotAsync(clusters, "cluster-run");
        await browser.OpenAsync(new Uri(fx.Dashboard.Url, "/clusters"), "#runs tr[data-run]", "clusters");

        // Search: an uploaded copy of one image finds it first within the job; text runs on the CLIP model's text tower.
        var search = await browser.OpenAsync(new Uri(fx.Dashboard.Url, "/search"), "main[data-interactive] #search-model", "search-empty");
        await search.SelectOptionAsync("#search-model", "weightfree-v1");
        await search.SelectOptionAsync("#search-job", jobId);
        await search.SetInputFilesAsync("#search-upload", images[0].Path);
        await search.ClickAsync("#search-upload-go");
        var first = search.Locator("#search-results li.search-hit").First;
        await Expect(first.Locator(".search-file")).ToHaveAttributeAsync("title", Path.GetFullPath(images[0].Path), new() { Timeout = 30_000 });
        await HeadlessBrowser.ScreenshotAsync(search, "search");
        var imageId = await first.GetAttributeAsync("data-image");
        await search.SelectOptionAsync("#search-model", PipelineFixture.TinyClip);
        await search.FillAsync("#search-text", "a page with a red figure");
        await search.ClickAsync("#search-text-go");
        await Expect(search.Locator("#search-cost")).ToContainTextAsync($"from {PipelineFixture.TinyClip} (text)", new() { Timeout = 30_000 });

        // The found image's page: its regions and neighbours.
        await browser.OpenAsync(new Uri(fx.Dashboard.Url, $"/images/{imageId}"), "#neighbours li[data-image]", "image");

        Assert.True(browser.Errors.Count == 0, string.Join("\n", browser.Errors));
    }
}
