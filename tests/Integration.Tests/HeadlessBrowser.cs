using Microsoft.Playwright;

namespace Pipeline.Integration.Tests;

/// <summary>
/// Debian's Chromium (scripts/browser.sh installs it), headless, driven by Playwright through ExecutablePath: no
/// browser is downloaded. Every page opened through <see cref="OpenAsync"/> is saved as a screenshot in the test output's
/// screenshots/ folder, and also in docs/screenshots when PIPELINE_DOCS_SCREENSHOTS=1 (how the README's pictures are made).
/// </summary>
public sealed class HeadlessBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _errors = [];

    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>One context per browser: cookies (a login) carry from page to page.</summary>
    public IBrowserContext Context { get; }

    /// <summary>Script errors and console errors of every page so far: a page that throws in the browser fails its test.</summary>
    public IReadOnlyList<string> Errors => _errors;

    private HeadlessBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context) =>
        (_playwright, _browser, Context) = (playwright, browser, context);

    public static async Task<HeadlessBrowser> LaunchAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("PIPELINE_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"{chromium} not found: the browser tests need Debian's chromium (run `sudo scripts/browser.sh`, or set PIPELINE_CHROMIUM)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--disable-dev-shm-usage"] });
        // A laptop screen.
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB" });
        return new HeadlessBrowser(playwright, browser, context);
    }

    /// <summary>
    /// Opens <paramref name="url"/> in a new tab, waits until <paramref name="waitFor"/> (a CSS or Playwright selector) is
    /// visible, and saves a screenshot named <paramref name="screenshot"/>.png.
    /// </summary>
    public async Task<IPage> OpenAsync(Uri url, string waitFor, string screenshot)
    {
        var page = await Context.NewPageAsync();
        page.PageError += (_, e) => _errors.Add($"{page.Url}: {e}");
        page.Console += (_, m) => { if (m.Type == "error") _errors.Add($"{page.Url}: {m.Text}"); };
        page.Response += (_, r) => { if (r.Status >= 400) _errors.Add($"{r.Status} {r.Request.Method} {r.Url}"); };
        await page.GotoAsync(url.ToString());
        await WaitAndShootAsync(page, waitFor, screenshot);
        return page;
    }

    /// <summary>Waits for <paramref name="selector"/> on a page already open (after a click, say) and saves a screenshot.</summary>
    public static async Task WaitAndShootAsync(IPage page, string selector, string screenshot)
    {
        await page.Locator(selector).First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        await ScreenshotAsync(page, screenshot);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        var path = Path.Combine(ScreenshotDir, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        if (Environment.GetEnvironmentVariable("PIPELINE_DOCS_SCREENSHOTS") == "1")
        {
            var docs = Path.Combine(RepoPaths.Root, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, name + ".png"), overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
