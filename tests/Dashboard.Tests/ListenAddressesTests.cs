using Microsoft.Extensions.Configuration;
using Pipeline.Dashboard.Security;

namespace Pipeline.Dashboard.Tests;

public class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    [InlineData("http://127.0.0.2:80;http://localhost:81")]
    public void Loopback_addresses_are_loopback(string urls) =>
        Assert.True(ListenAddresses.AreLoopbackOnly(urls.Split(';')));

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://+:80")]
    [InlineData("http://[::]:5000")]
    [InlineData("http://192.168.1.20:5000")]
    [InlineData("http://dashboard.example:5000")]
    [InlineData("http://127.0.0.1:5000;http://0.0.0.0:5001")]
    public void Any_wildcard_other_address_or_host_name_is_not(string urls) =>
        Assert.False(ListenAddresses.AreLoopbackOnly(urls.Split(';')));

    [Fact]
    public void Nothing_configured_means_ASP_NET_Cores_default_on_localhost() =>
        Assert.Equal(["http://localhost:5000"], ListenAddresses.From(Config()));

    [Fact]
    public void Urls_win_over_ports_and_Kestrel_endpoints_win_over_urls()
    {
        Assert.Equal(["http://0.0.0.0:1", "http://127.0.0.1:2"], ListenAddresses.From(Config(("urls", "http://0.0.0.0:1; http://127.0.0.1:2"), ("http_ports", "8080"))));
        Assert.Equal(["http://127.0.0.1:3"], ListenAddresses.From(Config(("urls", "http://0.0.0.0:1"), ("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:3"))));
    }

    [Fact]
    public void Container_style_ports_bind_every_interface()
    {
        var urls = ListenAddresses.From(Config(("http_ports", "8080"), ("https_ports", "8443")));
        Assert.Equal(["http://*:8080", "https://*:8443"], urls);
        Assert.False(ListenAddresses.AreLoopbackOnly(urls));
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
