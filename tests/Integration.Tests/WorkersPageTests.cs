using Microsoft.Playwright;
using Pipeline.Vision;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Integration.Tests;

/// <summary>The workers page in a real browser against the whole stack: the broker's queues and every worker's heartbeat.</summary>
[Collection(PipelineCollection.Name)]
public sealed class WorkersPageTests(PipelineFixture fx)
{
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 60_000 };

    [Fact]
    public async Task The_workers_page_shows_each_queue_with_its_consumers_and_each_worker_with_its_throughput()
    {
        // A worker that died a minute ago without removing its row.
        await using (var ghost = fx.Db.CreateCommand("""
            INSERT INTO worker_instances (instance_id, service, host, models, batch_size, prefetch, messages_last_minute, started_at, seen_at)
            VALUES (gen_random_uuid(), 'Pipeline.Ghost.Worker', 'gone', '{}', 1, 1, 0, now() - interval '10 minutes', now() - interval '1 minute')
            """))
            await ghost.ExecuteNonQueryAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(fx.Dashboard.Url, "/workers"), "h2:has-text('Workers and queues')", "workers-starting");

        // Every work queue has its worker attached (the management API's counts lag up to 5 s).
        foreach (var queue in new[] { "start-ingest", "ingest-files", "image-ingested", "region-detected", "clustering-requested" })
            await Expect(page.Locator($"#queues tr[data-queue='{queue}'] .consumers")).ToHaveTextAsync("1", Slow);
        // Every worker process reports itself, with what it runs.
        foreach (var service in new[] { "Ingest", "Detect", "Embed", "Cluster" })
            await Expect(Instance(page, service).Locator(".state")).ToHaveTextAsync("live", Slow);
        await Expect(Instance(page, "Embed").Locator(".models")).ToHaveTextAsync($"weightfree-v1, {PipelineFixture.TinyClip}");
        await Expect(Instance(page, "Embed").Locator(".batch")).ToHaveTextAsync("64");
        await Expect(Instance(page, "Embed").Locator(".prefetch")).ToHaveTextAsync("128");
        await Expect(Instance(page, "Detect").Locator(".models")).ToHaveTextAsync("whole-image");
        await Expect(Instance(page, "Detect").Locator(".batch")).ToHaveTextAsync("128");
        await Expect(Instance(page, "Detect").Locator(".prefetch")).ToHaveTextAsync("256");
        await Expect(Instance(page, "Ghost").Locator(".state")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^stale: last seen 1 min"));

        // Work flows: the detect and embed workers' throughput over the last minute shows on the open page.
        var folder = Path.Combine(fx.WorkDir, "workers-page");
        SyntheticImages.Generate(folder, 40, groups: 2, seed: 47);
        await fx.IngestAsync(folder);
        foreach (var service in new[] { "Detect", "Embed" })
            await Expect(Instance(page, service).Locator(".rate")).Not.ToHaveTextAsync("0.0", new() { Timeout = 60_000 });
        await HeadlessBrowser.ScreenshotAsync(page, "workers");

        Assert.True(browser.Errors.Count == 0, string.Join("\n", browser.Errors));
    }

    private static ILocator Instance(IPage page, string service) =>
        page.Locator($"#instances tr[data-service='Pipeline.{service}.Worker']");
}
