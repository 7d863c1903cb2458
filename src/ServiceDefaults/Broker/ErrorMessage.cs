using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.ServiceDefaults.Broker;

/// <summary>What a parked queue holds: messages that failed every retry (<c>_error</c>) or that no consumer knew (<c>_skipped</c>).</summary>
public enum ParkedKind { Error, Skipped }

/// <summary>One parked message as MassTransit left it: who failed on it, when, why, and where it came from.</summary>
public sealed record ErrorMessage(
    string? MessageId, string? MessageType, DateTimeOffset? FailedAt, string? Consumer, string? ExceptionType, string? Reason,
    int? RetryCount, string? InputAddress, string? SourceAddress, string? Host);

/// <summary>A parked queue, the queue its messages are replayed to, how many it holds and the first few of them.</summary>
public sealed record ErrorQueue(string Name, string SourceQueue, ParkedKind Kind, long Count, IReadOnlyList<ErrorMessage> Messages);

/// <summary>What a replay moved, from which parked queue to which queue.</summary>
public sealed record ReplayResult(string ErrorQueue, string TargetQueue, IReadOnlyList<ErrorMessage> Moved);

/// <summary>A problem the caller can fix (no such queue, no such message); the text says which.</summary>
public sealed class ErrorQueueException(string message) : Exception(message);

/// <summary>
/// Reads MassTransit's fault headers (MT-Fault-*, MT-Reason, MT-Host-*) and its JSON envelope; and the names of parked
/// queues. Pure: no broker.
/// </summary>
public static class FaultHeaders
{
    public const string ErrorSuffix = "_error";
    public const string SkippedSuffix = "_skipped";

    /// <summary>Parked queues are <c>&lt;queue&gt;_error</c> and <c>&lt;queue&gt;_skipped</c>.</summary>
    public static ParkedKind? KindOf(string queue) =>
        queue.EndsWith(ErrorSuffix, StringComparison.Ordinal) ? ParkedKind.Error
        : queue.EndsWith(SkippedSuffix, StringComparison.Ordinal) ? ParkedKind.Skipped : null;

    /// <summary>The parked queue meant by a name: itself when it is one, else the work queue's error queue.</summary>
    public static string ParkedQueueOf(string queue) => KindOf(queue) is null ? queue + ErrorSuffix : queue;

    /// <summary>The work queue a parked queue's messages came from, which a replay sends them back to.</summary>
    public static string SourceQueueOf(string parked) => KindOf(parked) switch
    {
        ParkedKind.Error => parked[..^ErrorSuffix.Length],
        ParkedKind.Skipped => parked[..^SkippedSuffix.Length],
        _ => throw new ErrorQueueException($"'{parked}' is not an error queue (its name ends in neither {ErrorSuffix} nor {SkippedSuffix})"),
    };

    /// <summary>Headers MassTransit added when it parked the message; a replay drops them, so the message looks as first sent.</summary>
    public static bool AddedWhenParked(string header) =>
        header.StartsWith("MT-Fault-", StringComparison.Ordinal) || header == "MT-Reason";

    public static ErrorMessage Read(string? amqpMessageId, string? amqpType, IDictionary<string, object?>? headers, ReadOnlySpan<byte> body)
    {
        string? Header(string name) => headers is not null && headers.TryGetValue(name, out var v) ? Text(v) : null;
        var envelope = Envelope(body);
        // MassTransit marks a message it moved to _skipped (no consumer for its type) with MT-Reason "dead-letter".
        var reason = Header("MT-Fault-Message")
            ?? (Header("MT-Reason") is "dead-letter" ? "no consumer on this queue knows the message type" : Header("MT-Reason"));
        return new ErrorMessage(
            amqpMessageId ?? envelope.MessageId,
            Header("MT-Fault-MessageType") ?? envelope.MessageType ?? amqpType,
            DateTimeOffset.TryParse(Header("MT-Fault-Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            Header("MT-Fault-ConsumerType"),
            Header("MT-Fault-ExceptionType"),
            reason,
            int.TryParse(Header("MT-Fault-RetryCount"), CultureInfo.InvariantCulture, out var retries) ? retries : null,
            Header("MT-Fault-InputAddress"),
            envelope.SourceAddress,
            Header("MT-Host-MachineName") is { } machine ? $"{machine} ({Header("MT-Host-ProcessName")})" : null);
    }

    /// <summary>AMQP header values arrive as bytes (strings), numbers or timestamps.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private sealed record EnvelopeFields(string? MessageId, string? MessageType, string? SourceAddress);

    /// <summary>MassTransit's JSON envelope; anything else (a raw or broken body) gives nothing, never an exception.</summary>
    private static EnvelopeFields Envelope(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var json = JsonDocument.ParseValue(ref reader);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new(null, null, null);
            string? Field(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var type = root.TryGetProperty("messageType", out var t) && t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0
                ? t[0].GetString()?.Replace("urn:message:", "", StringComparison.Ordinal).Replace(':', '.') : null;
            return new(Field("messageId"), type, Field("sourceAddress"));
        }
        catch (JsonException)
        {
            return new(null, null, null);
        }
    }
}
