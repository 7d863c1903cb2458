using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace Pipeline.Integration.Tests;

/// <summary>Fault injection: restarting the broker and the database under the running workers.</summary>
public partial class PipelineFixture
{
    /// <summary>Stops RabbitMQ, leaves it down <paramref name="downSeconds"/>, starts it and returns once it answers.</summary>
    public Task RestartBrokerAsync(int downSeconds = 2) => RunServicesScriptAsync("--restart-broker", downSeconds);

    /// <summary>Stops PostgreSQL (fast shutdown: every connection is closed), leaves it down, starts it and returns once it answers.</summary>
    public async Task RestartDatabaseAsync(int downSeconds = 2)
    {
        await RunServicesScriptAsync("--restart-db", downSeconds);
        // The test's pooled connections died with the server (the workers' pools find out by themselves, and retry).
        NpgsqlConnection.ClearAllPools();
        Db.Clear();
    }

    /// <summary>How many messages have entered a queue of this virtual host since it was created (the management API's count, lagging up to 5 s).</summary>
    public async Task<long> PublishedToAsync(string queue)
    {
        using var response = await _management.Http.GetAsync($"api/queues/{Uri.EscapeDataString(VirtualHost)}/{queue}?columns=message_stats");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("publish", out var count) ? count.GetInt64() : 0;
    }

    private static async Task RunServicesScriptAsync(string option, int downSeconds)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "scripts", "services.sh"), [option, downSeconds.ToString()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"services.sh {option} exited with {process.ExitCode}:\n{await output}{await error}");
    }
}

/// <summary>
/// The fault tests restart the shared PostgreSQL and RabbitMQ, which would break any test running beside them: their
/// collection runs alone, after the parallel ones, and CI runs the category on its own after the rest (test.sh).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "faults";
}
