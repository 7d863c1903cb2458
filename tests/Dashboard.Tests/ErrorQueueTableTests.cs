using Pipeline.Dashboard.Components.Errors;
using Pipeline.ServiceDefaults.Broker;

namespace Pipeline.Dashboard.Tests;

public class ErrorQueueTableTests : BunitContext
{
    private static readonly ErrorMessage Poison = new("0b7c0000-1111-2222-3333-444455556666", "Pipeline.Contracts.IngestFiles",
        DateTimeOffset.Parse("2026-11-25T21:40:03Z"), "Pipeline.Ingest.Worker.Consumers.IngestFilesConsumer",
        "Npgsql.PostgresException", "42P01: relation \"images\" does not exist", 5,
        "rabbitmq://localhost/ingest-files", "rabbitmq://localhost/start-ingest", "host (Pipeline.Ingest.Worker)");

    [Fact]
    public void Each_message_shows_its_reason_and_offers_a_replay_named_for_it()
    {
        var replays = new List<ErrorQueueTable.Replay>();
        var queue = new ErrorQueue("ingest-files_error", "ingest-files", ParkedKind.Error, 3, [Poison]);
        var view = Render<ErrorQueueTable>(p => p.Add(t => t.Queue, queue).Add(t => t.OnReplay, r => replays.Add(r)));

        Assert.Equal("ingest-files_error", view.Find("h3").TextContent);
        Assert.Equal(view.Find("h3").Id, view.Find("section").GetAttribute("aria-labelledby"));
        Assert.Contains("The first 1 of 3", view.Find("caption").TextContent);
        var row = view.Find("tr[data-message]");
        Assert.Contains("PostgresException: 42P01: relation \"images\" does not exist", row.QuerySelector("td.reason")!.TextContent);
        Assert.Equal("5", row.QuerySelector("td.retries")!.TextContent);
        Assert.Contains("IngestFilesConsumer", row.TextContent);

        var one = view.Find("button[data-action=replay]");
        Assert.Equal($"Replay message {Poison.MessageId} to ingest-files", one.GetAttribute("aria-label"));
        one.Click();
        view.Find("button[data-action=replay-all]").Click();
        Assert.Equal([new("ingest-files_error", Poison.MessageId), new("ingest-files_error", null)], replays);
    }

    [Fact]
    public void While_a_replay_runs_the_buttons_wait_and_an_empty_queue_offers_none()
    {
        var busy = Render<ErrorQueueTable>(p => p.Add(t => t.Queue, new ErrorQueue("a_error", "a", ParkedKind.Error, 1, [Poison])).Add(t => t.Busy, true));
        Assert.All(busy.FindAll("button"), b => Assert.True(b.HasAttribute("disabled")));

        var empty = Render<ErrorQueueTable>(p => p.Add(t => t.Queue, new ErrorQueue("b_skipped", "b", ParkedKind.Skipped, 0, [])));
        Assert.Empty(empty.FindAll("button"));
        Assert.Contains("no consumer knew", empty.Find("p").TextContent);
        Assert.Contains("back to b", empty.Find("p").TextContent);
    }
}
