using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Integration.Tests;

/// <summary>More processes of one worker (competing consumers) and what each of them, and the broker, counted.</summary>
public partial class PipelineFixture
{
    /// <summary>Starts one more process of a worker, named "{project}-{n}" (its log too), and waits until it is healthy.</summary>
    public async Task<ServiceProcess> AddInstanceAsync(string project)
    {
        var n = _services.Count(s => s.Name == project || s.Name.StartsWith(project + "-", StringComparison.Ordinal)) + 1;
        var service = new ServiceProcess(project, _environment, WorkDir, BindHost, $"{project}-{n}");
        _services.Add(service);
        await service.WaitHealthyAsync(Http, TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>Waits until <paramref name="queue"/> has <paramref name="consumers"/> consumers attached.</summary>
    public async Task WaitForConsumersAsync(string queue, int consumers, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await QueuesAsync()).FirstOrDefault(q => q.Name == queue)?.Consumers != consumers)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{queue} has not {consumers} consumers after {timeout}\n{Logs()}");
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// What the broker counted on one queue since it was declared: messages routed into it, and deliveries that were
    /// redeliveries. The management API updates them every 5 s, so this waits until the published count reaches
    /// <paramref name="atLeast"/> (or 30 s pass) and then one interval more, so a late excess shows too.
    /// </summary>
    public async Task<(long Published, long Redelivered)> QueueCountsAsync(string queue, long atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await CountsAsync()).Published < atLeast && DateTime.UtcNow < deadline) await Task.Delay(1000);
        await Task.Delay(TimeSpan.FromSeconds(6));
        return await CountsAsync();

        async Task<(long Published, long Redelivered)> CountsAsync()
        {
            var json = await _management.Http.GetFromJsonAsync<JsonElement>(
                $"api/queues/{Uri.EscapeDataString(VirtualHost)}/{Uri.EscapeDataString(queue)}");
            if (!json.TryGetProperty("message_stats", out var stats)) return (0, 0);
            long Count(string name) => stats.TryGetProperty(name, out var v) ? v.GetInt64() : 0;
            return (Count("publish"), Count("redeliver"));
        }
    }
}
