using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Pipeline.Ingest.Worker.BackPressure;

/// <summary>
/// Counts ready messages with a passive queue declare on a connection of its own: exact at once, where the management
/// API's figures lag by its 5 s statistics interval. Reconnects on the next reading after any failure.
/// </summary>
public sealed class RabbitQueueDepth(IConfiguration configuration) : IQueueDepth, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public async Task<long> ReadyAsync(string queue, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _connection ??= await Factory().CreateConnectionAsync("ingest-back-pressure", ct);
            _channel ??= await _connection.CreateChannelAsync(cancellationToken: ct);
            return (await _channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // Not declared yet (its worker never started): nothing waits in it. The broker closed the channel.
            await CloseAsync(connectionToo: false);
            return 0;
        }
        catch
        {
            await CloseAsync(connectionToo: true);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ConnectionFactory Factory() => new()
    {
        Uri = new Uri(configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set")),
        RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
        AutomaticRecoveryEnabled = false,
    };

    private async Task CloseAsync(bool connectionToo)
    {
        if (_channel is not null) await Quietly(_channel.DisposeAsync);
        _channel = null;
        if (!connectionToo || _connection is null) return;
        await Quietly(_connection.DisposeAsync);
        _connection = null;
    }

    private static async Task Quietly(Func<ValueTask> dispose)
    {
        try { await dispose(); }
        catch (Exception) { /* already broken; the next reading opens a new one */ }
    }

    public async ValueTask DisposeAsync() => await CloseAsync(connectionToo: true);
}
