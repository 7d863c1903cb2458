using System.Net;

namespace Pipeline.Dashboard.Security;

/// <summary>Where Kestrel will listen, read from configuration before it starts, and whether that is loopback only.</summary>
public static class ListenAddresses
{
    /// <summary>
    /// The URLs Kestrel will bind: Kestrel:Endpoints, else urls (ASPNETCORE_URLS, --urls), else http_ports/https_ports
    /// (which bind every interface), else ASP.NET Core's default http://localhost:5000.
    /// </summary>
    public static IReadOnlyList<string> From(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0) return endpoints;
        if (Split(configuration["urls"]) is { Count: > 0 } urls) return urls;
        var ports = Split(configuration["http_ports"]).Select(p => $"http://*:{p}")
            .Concat(Split(configuration["https_ports"]).Select(p => $"https://*:{p}")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    /// <summary>True only when every URL names localhost or a loopback address; a wildcard, any other address or a host name is not.</summary>
    public static bool AreLoopbackOnly(IEnumerable<string> urls) => urls.All(IsLoopback);

    private static bool IsLoopback(string url)
    {
        var host = BindingAddress.Parse(url).Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static List<string> Split(string? list) =>
        [.. (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
