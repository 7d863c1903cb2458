using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Pipeline.ServiceDefaults.Broker;

/// <summary>
/// The parked queues of the virtual host: list them, peek at their messages without taking them, replay messages to
/// the queue they failed on, or discard one. The management API names the queues; AMQP reads and moves the messages,
/// because only AMQP gives publisher confirms: a replayed message is confirmed in its queue before its parked copy is
/// acknowledged, so a crash can at worst replay a message twice (consumers are idempotent), never lose one.
/// </summary>
public sealed class ErrorQueues(RabbitManagementClient management, Uri amqp) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnection? _connection;

    /// <summary>True when the exception says the broker or its management API could not be reached or dropped the connection.</summary>
    public static bool IsUnreachable(Exception e) =>
        e is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException or HttpRequestException or TaskCanceledException;

    /// <summary>Every parked queue (or the one meant by <paramref name="queue"/>) with its count and its first <paramref name="limit"/> messages.</summary>
    public async Task<IReadOnlyList<ErrorQueue>> ListAsync(string? queue, int limit, CancellationToken ct)
    {
        IEnumerable<string> names = queue is not null
            ? [FaultHeaders.ParkedQueueOf(queue)]
            : (await management.QueuesAsync(ct)).Where(q => FaultHeaders.KindOf(q.Name) is not null).Select(q => q.Name);
        var queues = new List<ErrorQueue>();
        foreach (var name in names) queues.Add(await PeekAsync(name, limit, ct));
        return queues;
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> messages and hands them all back (nack with requeue): they keep their place.
    /// While a peek holds them (milliseconds) a replay does not see them; replay looks again before it says "not found".
    /// </summary>
    public async Task<ErrorQueue> PeekAsync(string parked, int limit, CancellationToken ct)
    {
        var source = FaultHeaders.SourceQueueOf(parked);
        await using var channel = await ChannelAsync(confirms: false, ct);
        var count = await CountAsync(channel, parked, ct);
        var messages = new List<ErrorMessage>();
        ulong last = 0;
        while (messages.Count < Math.Min(limit, count) && await channel.BasicGetAsync(parked, autoAck: false, ct) is { } got)
        {
            messages.Add(Read(got));
            last = got.DeliveryTag;
        }
        if (last > 0) await channel.BasicNackAsync(last, multiple: true, requeue: true, ct);
        return new ErrorQueue(parked, source, FaultHeaders.KindOf(parked)!.Value, count, messages);
    }

    /// <summary>
    /// Moves one message (by its message id) or all of a parked queue back to its work queue, body and properties kept,
    /// MassTransit's fault headers dropped. "All" means the messages there when it starts: one that fails again while
    /// the replay runs is not replayed a second time.
    /// </summary>
    public async Task<ReplayResult> ReplayAsync(string queue, string? messageId, CancellationToken ct)
    {
        var parked = FaultHeaders.ParkedQueueOf(queue);
        var target = FaultHeaders.SourceQueueOf(parked);
        var moved = await TakeAsync(parked, target, messageId, async (channel, got) =>
        {
            var properties = new BasicProperties(got.BasicProperties)
            {
                Headers = got.BasicProperties.Headers?.Where(h => !FaultHeaders.AddedWhenParked(h.Key)).ToDictionary(h => h.Key, h => h.Value),
            };
            // Mandatory, confirmed: returns once the broker holds it in the target queue, throws if it cannot route it.
            await channel.BasicPublishAsync("", target, mandatory: true, properties, got.Body.ToArray(), ct);
        }, ct);
        return new ReplayResult(parked, target, moved);
    }

    /// <summary>Deletes one parked message for good (one by id only, never a whole queue); returns what it was.</summary>
    public async Task<ErrorMessage> DiscardAsync(string queue, string messageId, CancellationToken ct)
    {
        var parked = FaultHeaders.ParkedQueueOf(queue);
        return (await TakeAsync(parked, null, messageId, (_, _) => Task.CompletedTask, ct)).Single();
    }

    /// <summary>
    /// Takes the message with <paramref name="messageId"/> (or, without one, every message there now) off a parked
    /// queue: <paramref name="take"/> first, the acknowledgement after, so a failure leaves the message where it was.
    /// Looks again before it says "not found": a peek may hold the message for a moment.
    /// </summary>
    private async Task<List<ErrorMessage>> TakeAsync(string parked, string? target, string? messageId,
        Func<IChannel, BasicGetResult, Task> take, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var channel = await ChannelAsync(confirms: true, ct);
            var count = await CountAsync(channel, parked, ct);
            if (target is not null) await CountAsync(channel, target, ct);
            var taken = new List<ErrorMessage>();
            var kept = new List<ulong>();
            for (var i = 0; i < count && await channel.BasicGetAsync(parked, autoAck: false, ct) is { } got; i++)
            {
                var message = Read(got);
                if (messageId is not null && !string.Equals(message.MessageId, messageId, StringComparison.OrdinalIgnoreCase))
                {
                    kept.Add(got.DeliveryTag);
                    continue;
                }
                await take(channel, got);
                await channel.BasicAckAsync(got.DeliveryTag, multiple: false, ct);
                taken.Add(message);
                if (messageId is not null) break;
            }
            foreach (var tag in kept) await channel.BasicNackAsync(tag, multiple: false, requeue: true, ct);
            if (messageId is null || taken.Count > 0) return taken;
            if (attempt == 2) throw new ErrorQueueException($"no message {messageId} in {parked}");
            await Task.Delay(200, ct);
        }
    }

    private static ErrorMessage Read(BasicGetResult got) =>
        FaultHeaders.Read(got.BasicProperties.MessageId, got.BasicProperties.Type, got.BasicProperties.Headers, got.Body.Span);

    /// <summary>The ready messages of a queue; a queue that does not exist is the caller's mistake, said plainly.</summary>
    private static async Task<uint> CountAsync(IChannel channel, string queue, CancellationToken ct)
    {
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            throw new ErrorQueueException($"no queue '{queue}' in the broker's virtual host");
        }
    }

    private async Task<IChannel> ChannelAsync(bool confirms, CancellationToken ct)
    {
        await _connecting.WaitAsync(ct);
        try
        {
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null) await _connection.DisposeAsync();
                _connection = await new ConnectionFactory { Uri = amqp, ClientProvidedName = "error-queues" }.CreateConnectionAsync(ct);
            }
        }
        finally
        {
            _connecting.Release();
        }
        return await _connection.CreateChannelAsync(new CreateChannelOptions(confirms, confirms), ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connecting.Dispose();
    }
}
