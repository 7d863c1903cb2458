using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Pipeline.ServiceDefaults.Broker;

/// <summary>One queue as the management API counts it (its figures lag by up to the 5 s statistics interval).</summary>
public sealed record QueueStats(string Name, long? Ready, long? Unacked, long? Messages, int Consumers, double? AckRate)
{
    public bool IsErrorQueue => Name.EndsWith("_error", StringComparison.Ordinal) || Name.EndsWith("_skipped", StringComparison.Ordinal);
}

/// <summary>Reads a virtual host's queues from RabbitMQ's management HTTP API.</summary>
public sealed class RabbitManagementClient(HttpClient http, RabbitManagementOptions options)
{
    public HttpClient Http => http;

    /// <summary>An HTTP client for the API at <paramref name="options"/>' address with its credentials (basic authentication).</summary>
    public static HttpClient Configure(HttpClient http, RabbitManagementOptions options)
    {
        http.BaseAddress = new Uri(options.ManagementUrl ?? throw new InvalidOperationException(
            $"{RabbitManagementOptions.Section}:ManagementUrl is not set and ConnectionStrings:rabbitmq gives no host"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ManagementUser}:{options.ManagementPassword}")));
        return http;
    }

    /// <summary>The queues of the configured virtual host, by name; auto-delete queues (a bus's own reply queue) left out.</summary>
    public async Task<IReadOnlyList<QueueStats>> QueuesAsync(CancellationToken ct)
    {
        var vhost = Uri.EscapeDataString(options.VirtualHost ?? "/");
        using var response = await http.GetAsync(
            $"api/queues/{vhost}?columns=name,messages_ready,messages_unacknowledged,messages,consumers,auto_delete,message_stats", ct);
        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return json.RootElement.EnumerateArray()
            .Where(q => !(q.TryGetProperty("auto_delete", out var a) && a.ValueKind == JsonValueKind.True))
            .Select(q => new QueueStats(q.GetProperty("name").GetString()!, Long(q, "messages_ready"), Long(q, "messages_unacknowledged"),
                Long(q, "messages"), (int)(Long(q, "consumers") ?? 0),
                q.TryGetProperty("message_stats", out var s) && s.TryGetProperty("ack_details", out var d) ? d.GetProperty("rate").GetDouble() : null))
            .OrderBy(q => q.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
}
