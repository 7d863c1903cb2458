using System.Net.Http.Json;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pipeline.Contracts;
using Pipeline.ServiceDefaults.Broker;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// The real thing: a throwaway database on the PostgreSQL + pgvector and a throwaway virtual host on the RabbitMQ
/// that scripts/services.sh starts, and every worker as its own process. No services means a clear failure, not a skip.
/// </summary>
public partial class PipelineFixture : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    private readonly List<ServiceProcess> _services = [];
    private IBusControl? _bus;
    private string _adminConnection = "";
    private RabbitManagementClient _management = null!;
    private Dictionary<string, string> _environment = [];
    private string DatabaseName => "pipeline_test_" + _suffix;
    private string VirtualHost => "pipeline-test-" + _suffix;

    public const string TinyClip = "tiny-clip";

    public string ConnectionString { get; private set; } = "";
    public string RabbitUri { get; private set; } = "";
    public string WorkDir { get; } = Directory.CreateTempSubdirectory("pipeline-it-").FullName;
    public NpgsqlDataSource Db { get; private set; } = null!;
    public IBus Bus => _bus!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    public ServiceProcess Dashboard => _services.Single(s => s.Name == "Dashboard");

    public async Task InitializeAsync()
    {
        _adminConnection = Required("ConnectionStrings__pipeline");
        var rabbit = new Uri(Required("ConnectionStrings__rabbitmq"));
        await CreateDatabaseAsync();
        await CreateVirtualHostAsync();
        RabbitUri = new UriBuilder(rabbit) { Path = "/" + VirtualHost }.Uri.ToString();

        // Two models at once: the weight-free default and a tiny ONNX CLIP laid out as Immich ships it (with its text tower).
        var models = Path.Combine(WorkDir, "models");
        using (var tokenizer = new Pipeline.Inference.Tests.Text.ClipTestFiles())
            Pipeline.Inference.Tests.Models.ModelFolders.WriteImmichClip(Path.Combine(models, TinyClip), tokenizer);
        var env = _environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__pipeline"] = ConnectionString,
            ["ConnectionStrings__rabbitmq"] = RabbitUri,
            ["Ingest__DerivativesPath"] = Path.Combine(WorkDir, "derivatives"),
            ["Detect__DerivativesPath"] = Path.Combine(WorkDir, "derivatives"),
            ["Media__DerivativesPath"] = Path.Combine(WorkDir, "derivatives"),
            ["Inference__ModelsPath"] = models,
            ["Embed__Models__0"] = "weightfree-v1",
            ["Embed__Models__1"] = TinyClip,
            // Jobs may only read inside the work folder: the allowed-roots test sends one outside it.
            ["Ingest__AllowedRoots__0"] = WorkDir,
        };
        AddSettings(env);
        foreach (var project in Projects) _services.Add(new ServiceProcess(project, env, WorkDir, BindHost));
        foreach (var service in _services) await service.WaitHealthyAsync(Http, TimeSpan.FromSeconds(60));

        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(RabbitUri)));
        await _bus.StartAsync();
    }

    public async Task SendAsync<T>(string queue, T message) where T : class =>
        await (await Bus.GetSendEndpoint(Queues.Of(queue))).Send(message);

    /// <summary>Starts an ingest job and waits until every stage is done.</summary>
    public async Task<JobProgress> IngestAsync(string folder, string? prompt = null)
    {
        var jobId = Guid.NewGuid();
        await SendAsync(Queues.StartIngest, new StartIngest { JobId = jobId, SourcePath = folder, DetectionPrompt = prompt });
        return await WaitForJobAsync(jobId);
    }

    /// <summary>Waits until every stage of a job is done.</summary>
    public async Task<JobProgress> WaitForJobAsync(Guid jobId)
    {
        var progress = new ProgressQueries(Db);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            if (await progress.GetAsync(jobId, default) is { IsComplete: true } done) return done;
            await Task.Delay(250);
        }
        throw new TimeoutException($"job {jobId} did not finish: {await progress.GetAsync(jobId, default)}\n{Logs()}");
    }

    /// <summary>Runs the `pipeline` command line against this fixture's database and broker.</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [RepoPaths.Output("Cli"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__pipeline"] = ConnectionString;
        start.Environment["ConnectionStrings__rabbitmq"] = RabbitUri;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>
    /// Registers a model without its index and gives it <paramref name="count"/> vectors, each on a region of its own:
    /// <paramref name="vector"/> is a SQL expression of the row number <c>g.n</c> giving a real[] of the right length.
    /// </summary>
    public async Task SeedModelAsync(string model, int dimensions, int count, string vector)
    {
        await using var cmd = Db.CreateCommand($"""
            WITH m AS (INSERT INTO embedding_models (name, dimensions) VALUES ($1, {dimensions}) RETURNING id),
            g AS (SELECT n, gen_random_uuid() AS region FROM generate_series(1, {count}) n),
            r AS (INSERT INTO regions (id, image_id, job_id, x, y, width, height, detected_at)
                  SELECT region, region, region, 0, 0, 1, 1, now() FROM g RETURNING id)
            INSERT INTO embeddings (region_id, image_id, job_id, model_id, vector, embedded_at)
            SELECT g.region, g.region, g.region, m.id, ({vector})::vector, now() FROM g, m
            """);
        cmd.Parameters.AddWithValue(model);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Polls the dashboard's /api/tasks/{id} until the worker's task has ended; returns its JSON.</summary>
    public async Task<System.Text.Json.JsonElement> WaitForTaskAsync(Guid taskId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var task = await Http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri(Dashboard.Url, $"api/tasks/{taskId}"));
            if (task.GetProperty("status").GetString() is not ("Queued" or "Running") || DateTime.UtcNow > deadline) return task;
            await Task.Delay(200);
        }
    }

    /// <summary>Kills a service's process (kill -9) as soon as <paramref name="progressed"/> says it has committed some work.</summary>
    public async Task KillAsync(string service, Func<Task<bool>> progressed)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await progressed() && DateTime.UtcNow < deadline) await Task.Delay(20);
        ServiceProcess victim;
        lock (_services) victim = _services.Single(s => s.Name == service); // the fault tests kill several at once
        victim.Dispose();
    }

    /// <summary>Starts a killed service again and waits until it is healthy, as Kubernetes replaces a crashed pod.</summary>
    public async Task RestartAsync(string service)
    {
        var replacement = new ServiceProcess(service, _environment, WorkDir, BindHost);
        lock (_services) _services[_services.FindIndex(s => s.Name == service)] = replacement;
        await replacement.WaitHealthyAsync(Http, TimeSpan.FromSeconds(90));
    }


    /// <summary>Waits until every queue of this test's virtual host has stayed empty, nothing unacknowledged, for 7 s.</summary>
    public async Task WaitForQueuesDrainedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quiet = 0;
        while (DateTime.UtcNow < deadline)
        {
            // The management API's counts lag by up to its 5 s statistics interval, hence the quiet period; a queue it
            // has no count for yet counts as busy.
            var pending = (await QueuesAsync()).Where(q => !q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Messages ?? 1);
            quiet = pending == 0 ? quiet + 1 : 0;
            if (quiet >= 7) return;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        throw new TimeoutException($"queues of {VirtualHost} not drained after {timeout}\n{Logs()}");
    }

    /// <summary>Messages parked in this virtual host's error queues (the management API's counts lag up to 5 s).</summary>
    public async Task<long> ErrorQueueMessagesAsync() =>
        (await QueuesAsync()).Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Messages ?? 0);

    /// <summary>This virtual host's queues and their counts (null where the management API has none yet).</summary>
    public Task<IReadOnlyList<QueueStats>> QueuesAsync() => _management.QueuesAsync(default);

    /// <summary>Where a fixture for another configuration adds or changes the workers' settings.</summary>
    protected virtual void AddSettings(Dictionary<string, string> env)
    {
    }

    /// <summary>The services this fixture starts, each as its own process.</summary>
    protected virtual IReadOnlyList<string> Projects => ["Ingest.Worker", "Detect.Worker", "Embed.Worker", "Cluster.Worker", "Dashboard"];

    /// <summary>The address the services listen on; the tests reach them on 127.0.0.1 whatever it is.</summary>
    protected virtual string BindHost => "127.0.0.1";

    public string Logs() => string.Join("\n\n", _services.Select(s => $"--- {s.Name} ---\n{s.Tail()}"));

    private static string Required(string name) => Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException(
            $"{name} is not set. These tests need the real PostgreSQL + pgvector and RabbitMQ: run ./test.sh, " +
            "or `sudo scripts/services.sh && . scripts/services-env.sh` before `dotnet test`.");

    private async Task CreateDatabaseAsync()
    {
        await using (var admin = new NpgsqlConnection(_adminConnection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", admin);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnection) { Database = DatabaseName }.ConnectionString;
        Db = StorageExtensions.CreateDataSource(ConnectionString);
        var options = new DbContextOptionsBuilder<PipelineDbContext>();
        StorageExtensions.Configure(options, Db);
        await using var context = new PipelineDbContext(options.Options);
        await context.Database.MigrateAsync();
        // The vector type was created by the migration; the pooled data source must learn it.
        await Db.ReloadTypesAsync();
    }

    private async Task CreateVirtualHostAsync()
    {
        // The same settings and defaults as the dashboard's: RabbitMq__Management*, else from the AMQP connection string.
        var options = new RabbitManagementOptions
        {
            ManagementUrl = Environment.GetEnvironmentVariable("RabbitMq__ManagementUrl"),
            ManagementUser = Environment.GetEnvironmentVariable("RabbitMq__ManagementUser"),
            ManagementPassword = Environment.GetEnvironmentVariable("RabbitMq__ManagementPassword"),
            VirtualHost = VirtualHost,
        }.FillFrom(Required("ConnectionStrings__rabbitmq"));
        _management = new RabbitManagementClient(RabbitManagementClient.Configure(new HttpClient(), options), options);
        (await _management.Http.PutAsync($"api/vhosts/{VirtualHost}", null)).EnsureSuccessStatusCode();
        var all = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await _management.Http.PutAsync($"api/permissions/{VirtualHost}/{options.ManagementUser}", all)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (_bus is not null) await _bus.StopAsync();
        foreach (var service in _services) service.Dispose();
        if (Db is not null) await Db.DisposeAsync();
        await using (var admin = new NpgsqlConnection(_adminConnection))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        await _management.Http.DeleteAsync($"api/vhosts/{VirtualHost}");
        Directory.Delete(WorkDir, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
