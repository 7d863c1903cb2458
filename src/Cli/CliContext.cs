using MassTransit;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Pipeline.Contracts;
using Pipeline.ServiceDefaults.Broker;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Cli;

/// <summary>The database and the bus, opened on demand from the same settings the workers read.</summary>
public sealed class CliContext : IAsyncDisposable
{
    private readonly IConfiguration _configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
    private IBusControl? _bus;
    private ErrorQueues? _errors;

    public NpgsqlDataSource Db { get; }

    public CliContext()
    {
        var cs = _configuration.GetConnectionString(StorageExtensions.ConnectionName)
            ?? throw new CliException("ConnectionStrings__pipeline is not set: run `source scripts/services-env.sh` first.");
        Db = StorageExtensions.CreateDataSource(cs);
    }

    public IngestStore Ingest => new(Db);
    public ProgressQueries Progress => new(Db);
    public ClusterStore Clusters => new(Db);
    public SnapshotStore Snapshots => new(Db);
    public SnapshotLabels Labels => new(Db);
    public EmbeddingStore Models => new(Db);
    public CurationStore Curation => new(Db);
    public JobControl Jobs => new(new JobControlStore(Db), (command, ct) => SendAsync(Queues.RequeueFiles, command, ct));

    /// <summary>The broker's error queues, reached as the dashboard reaches them (RabbitMq__* settings, else from the AMQP URI).</summary>
    public ErrorQueues Errors => _errors ??= CreateErrorQueues();

    private ErrorQueues CreateErrorQueues() => new(Management(TimeSpan.FromSeconds(10)), new Uri(RabbitUri));

    /// <summary>RabbitMQ's management API as the dashboard reaches it (RabbitMq__* settings, else from the AMQP URI).</summary>
    public RabbitManagementClient Management(TimeSpan timeout)
    {
        var options = (_configuration.GetSection(RabbitManagementOptions.Section).Get<RabbitManagementOptions>() ?? new()).FillFrom(RabbitUri);
        return new RabbitManagementClient(RabbitManagementClient.Configure(new HttpClient { Timeout = timeout }, options), options);
    }

    private string RabbitUri => _configuration.GetConnectionString("rabbitmq")
        ?? throw new CliException("ConnectionStrings__rabbitmq is not set: run `source scripts/services-env.sh` first.");

    /// <summary>A model's id by name, or a clear error.</summary>
    public async Task<int> ModelIdAsync(string name, CancellationToken ct) =>
        await Models.FindModelAsync(name, ct) ?? throw new CliException($"no vectors for model '{name}'");

    /// <summary>A snapshot by id or name, or a clear error.</summary>
    public async Task<Snapshot> SnapshotAsync(string idOrName, CancellationToken ct) =>
        await Snapshots.FindAsync(idOrName, ct) ?? throw new CliException($"no snapshot '{idOrName}': `pipeline snapshot list` shows them");

    /// <summary>Sends a command straight to its queue, which holds it until a worker takes it.</summary>
    public async Task SendAsync<T>(string queue, T message, CancellationToken ct) where T : class
    {
        var endpoint = await (await BusAsync(ct)).GetSendEndpoint(Queues.Of(queue));
        await endpoint.Send(message, ct);
    }

    private async Task<IBus> BusAsync(CancellationToken ct)
    {
        if (_bus is not null) return _bus;
        var uri = _configuration.GetConnectionString("rabbitmq")
            ?? throw new CliException("ConnectionStrings__rabbitmq is not set: run `source scripts/services-env.sh` first.");
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(uri)));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try { await _bus.StartAsync(timeout.Token); }
        catch (Exception e) { throw new CliException($"Cannot reach RabbitMQ at {new Uri(uri).Host}:{new Uri(uri).Port}: {e.Message}"); }
        return _bus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null) await _bus.StopAsync();
        if (_errors is not null) await _errors.DisposeAsync();
        await Db.DisposeAsync();
    }
}

/// <summary>A problem the user can fix; printed without a stack trace.</summary>
public sealed class CliException(string message) : Exception(message);
