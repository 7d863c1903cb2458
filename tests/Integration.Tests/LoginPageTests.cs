using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Integration.Tests;

/// <summary>A person signing in to a dashboard bound beyond loopback, in a real browser.</summary>
[Collection(SecuredDashboardCollection.Name)]
public sealed class LoginPageTests(SecuredDashboardFixture fx)
{
    [Fact]
    public async Task A_person_is_sent_to_the_login_page_signs_in_and_gets_the_live_page_they_asked_for()
    {
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(fx.Dashboard.Url, "/workers"), "form.login", "login");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);

        await page.GetByLabel("User name").FillAsync(SecuredDashboardFixture.User);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await HeadlessBrowser.WaitAndShootAsync(page, "#login-error", "login-failed");

        await page.GetByLabel("User name").FillAsync(SecuredDashboardFixture.User);
        await page.GetByLabel("Password").FillAsync(SecuredDashboardFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workers and queues" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal("/workers", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("#queues, .queue-error, section p").First).ToBeVisibleAsync();
        // Let the live connection (/_blazor) start: refused, it would log errors in the browser and fail the check below.
        await page.WaitForTimeoutAsync(2000);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.Locator("form.login")).ToBeVisibleAsync();
        Assert.True(browser.Errors.Count == 0, string.Join("\n", browser.Errors));
    }
}
