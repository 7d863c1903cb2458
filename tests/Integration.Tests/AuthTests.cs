using System.Net;
using System.Net.Http.Headers;

namespace Pipeline.Integration.Tests;

/// <summary>The Dashboard bound beyond loopback: nothing but the health probes without the API key or a login.</summary>
[Collection(SecuredDashboardCollection.Name)]
public sealed class AuthTests(SecuredDashboardFixture fx)
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fx.Dashboard.Url };

    [Theory]
    [InlineData("/api/workers")]
    [InlineData("/api/errors")]
    [InlineData("/media/images/00000000-0000-0000-0000-000000000001")]
    public async Task The_API_answers_401_without_the_key_or_with_a_wrong_one(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(path, r => r.Headers.Add("X-Api-Key", "not-the-key-0123456789"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(path, r => r.Headers.Authorization = new("Bearer", "wrong"))).StatusCode);
    }

    [Fact]
    public async Task The_API_answers_with_the_key_in_either_header()
    {
        var byHeader = await SendAsync("/api/workers", r => r.Headers.Add("X-Api-Key", SecuredDashboardFixture.ApiKey));
        Assert.True(byHeader.StatusCode == HttpStatusCode.OK, await byHeader.Content.ReadAsStringAsync());
        Assert.Contains("\"instances\"", await byHeader.Content.ReadAsStringAsync());
        var byBearer = await SendAsync("/api/workers", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecuredDashboardFixture.ApiKey));
        Assert.Equal(HttpStatusCode.OK, byBearer.StatusCode);
    }

    [Fact]
    public async Task Pages_send_people_to_the_login_page_and_health_probes_stay_open()
    {
        var page = await _http.GetAsync("/workers");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task A_dashboard_bound_beyond_loopback_without_credentials_refuses_to_start()
    {
        using var bare = new ServiceProcess("Dashboard", fx.Settings(), Directory.CreateTempSubdirectory("pipeline-bare-").FullName, "0.0.0.0");

        var exit = await bare.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit is not null and not 0, $"still running or exited 0:\n{bare.Tail()}");
        Assert.Contains("beyond loopback, with no credentials", bare.Tail());
    }

    [Fact]
    public async Task Pipeline_search_sends_the_API_key_from_its_option()
    {
        var url = fx.Dashboard.Url.ToString();
        var (exit, output) = await fx.RunCliAsync("search", "--api", url, "--text", "a red kite");
        Assert.Equal(1, exit);
        Assert.Contains("401", output);

        (_, output) = await fx.RunCliAsync("search", "--api", url, "--api-key", SecuredDashboardFixture.ApiKey, "--text", "a red kite");
        // Past the door: whatever the search answers (no model with a text tower here), it is not a 401.
        Assert.DoesNotContain("401", output);
    }

    [Fact]
    public async Task An_unreachable_management_API_is_a_message_on_the_page_not_an_error()
    {
        var settings = fx.Settings();
        settings["RabbitMq__ManagementUrl"] = $"http://127.0.0.1:{RepoPaths.FreePort()}";
        using var dashboard = new ServiceProcess("Dashboard", settings, Directory.CreateTempSubdirectory("pipeline-nomgmt-").FullName);
        await dashboard.WaitHealthyAsync(fx.Http, TimeSpan.FromSeconds(60));

        var api = await fx.Http.GetStringAsync(new Uri(dashboard.Url, "/api/workers"));
        Assert.Contains("management API", System.Text.Json.JsonDocument.Parse(api).RootElement.GetProperty("queueError").GetString());
        var page = await fx.Http.GetAsync(new Uri(dashboard.Url, "/workers"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("cannot be read", await page.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(string path, Action<HttpRequestMessage> authorize)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        authorize(request);
        return await _http.SendAsync(request);
    }
}
