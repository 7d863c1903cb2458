using System.Text;
using Pipeline.ServiceDefaults.Broker;

namespace Pipeline.Workers.Tests;

public class FaultHeadersTests
{
    private static readonly byte[] Envelope = Encoding.UTF8.GetBytes("""
        {"messageId": "0b7c0000-1111-2222-3333-444455556666", "sourceAddress": "rabbitmq://localhost/vh/start-ingest",
         "messageType": ["urn:message:Pipeline.Contracts:IngestFiles"], "message": {"jobId": "x"}}
        """);

    [Fact]
    public void A_fault_is_read_from_the_headers_as_amqp_delivers_them()
    {
        var headers = new Dictionary<string, object?>
        {
            ["MT-Fault-ExceptionType"] = "Npgsql.PostgresException"u8.ToArray(),
            ["MT-Fault-Message"] = "42P01: relation \"images\" does not exist"u8.ToArray(),
            ["MT-Fault-ConsumerType"] = "Pipeline.Ingest.Worker.Consumers.IngestFilesConsumer"u8.ToArray(),
            ["MT-Fault-Timestamp"] = "2026-11-25T21:40:03.1234567Z"u8.ToArray(),
            ["MT-Fault-RetryCount"] = 5,
            ["MT-Fault-InputAddress"] = "rabbitmq://localhost/vh/ingest-files"u8.ToArray(),
            ["MT-Host-MachineName"] = "node-1"u8.ToArray(),
            ["MT-Host-ProcessName"] = "Pipeline.Ingest.Worker"u8.ToArray(),
            ["MT-Reason"] = "fault"u8.ToArray(),
        };
        var m = FaultHeaders.Read(null, null, headers, Envelope);

        Assert.Equal("0b7c0000-1111-2222-3333-444455556666", m.MessageId);
        Assert.Equal("Pipeline.Contracts.IngestFiles", m.MessageType);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 21, 40, 3, TimeSpan.Zero).AddTicks(1234567), m.FailedAt);
        Assert.Equal(("Npgsql.PostgresException", "42P01: relation \"images\" does not exist", 5), (m.ExceptionType, m.Reason, m.RetryCount));
        Assert.EndsWith("IngestFilesConsumer", m.Consumer);
        Assert.Equal(("rabbitmq://localhost/vh/ingest-files", "rabbitmq://localhost/vh/start-ingest"), (m.InputAddress, m.SourceAddress));
        Assert.Equal("node-1 (Pipeline.Ingest.Worker)", m.Host);
    }

    [Fact]
    public void A_skipped_or_unreadable_message_still_gives_what_there_is()
    {
        var m = FaultHeaders.Read("amqp-id", "urn:x", new Dictionary<string, object?> { ["MT-Reason"] = "dead-letter"u8.ToArray() }, "not json"u8);
        Assert.Equal(("amqp-id", "urn:x", null, null), (m.MessageId, m.MessageType, m.RetryCount, m.FailedAt));
        Assert.Contains("no consumer", m.Reason);
    }

    [Theory]
    [InlineData("ingest-files_error", "ingest-files_error", "ingest-files")]
    [InlineData("ingest-files", "ingest-files_error", "ingest-files")]
    [InlineData("region-detected_skipped", "region-detected_skipped", "region-detected")]
    public void Queue_names_say_where_a_replay_goes(string given, string parked, string source)
    {
        Assert.Equal(parked, FaultHeaders.ParkedQueueOf(given));
        Assert.Equal(source, FaultHeaders.SourceQueueOf(parked));
    }

    [Fact]
    public void A_replay_drops_only_what_parking_added()
    {
        Assert.True(FaultHeaders.AddedWhenParked("MT-Fault-StackTrace"));
        Assert.True(FaultHeaders.AddedWhenParked("MT-Reason"));
        Assert.False(FaultHeaders.AddedWhenParked("MT-Activity-Id"));
        Assert.False(FaultHeaders.AddedWhenParked("Content-Type"));
        Assert.Throws<ErrorQueueException>(() => FaultHeaders.SourceQueueOf("ingest-files"));
    }
}
