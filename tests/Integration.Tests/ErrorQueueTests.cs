using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Broker;
using Pipeline.Vision;
using Xunit.Abstractions;

namespace Pipeline.Integration.Tests;

/// <summary>
/// A real poison message: the Ingest worker meets a database whose <c>images</c> table is not there (a worker deployed
/// before its migration ran), so every attempt at an IngestFiles slice fails the same way. After the bounded retries it
/// is parked with its reason, listed by the CLI and the dashboard, and once the table is back a replay finishes the job.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ErrorQueueTests(PipelineFixture fx, ITestOutputHelper output)
{
    private const string Parked = "ingest-files_error";

    [Fact]
    public async Task A_slice_that_fails_every_retry_is_parked_listed_and_replayed_once_its_cause_is_fixed()
    {
        var folders = new[] { "poison-cli", "poison-api" }.Select(f => Path.Combine(fx.WorkDir, f)).ToArray();
        for (var i = 0; i < folders.Length; i++) SyntheticImages.Generate(folders[i], 3, groups: 3, seed: 601 + i);
        var jobs = new[] { Guid.NewGuid(), Guid.NewGuid() };
        await using var errors = new ErrorQueues(fx.Management, new Uri(fx.RabbitUri));

        await RenameImagesAsync("images", "images_unmigrated");
        IReadOnlyList<ErrorMessage> poison;
        try
        {
            var sent = DateTimeOffset.UtcNow;
            for (var i = 0; i < jobs.Length; i++) await fx.SendAsync(Queues.StartIngest, new StartIngest { JobId = jobs[i], SourcePath = folders[i] });
            var firstSeen = await WaitForParkedAsync(errors, 1);
            poison = (await WaitForParkedAsync(errors, 2, messages: true)).Messages;
            output.WriteLine($"first parked {firstSeen.At - sent} after sending (back-off at least {MinimumBackOff()}); " +
                $"faulted at {string.Join(", ", poison.Select(m => m.FailedAt - sent))}");

            // Parked only after every retry with its back-off: nothing reached the error queue sooner.
            Assert.True(firstSeen.At - sent >= MinimumBackOff(), $"parked after {firstSeen.At - sent}, back-off is at least {MinimumBackOff()}");
            Assert.Equal(2, poison.Count);
            Assert.All(poison, m =>
            {
                Assert.Equal(HostingExtensions.Retry.Limit, m.RetryCount);
                Assert.Equal("Npgsql.PostgresException", m.ExceptionType);
                Assert.Contains("relation \"images\" does not exist", m.Reason);
                Assert.Equal("Pipeline.Ingest.Worker.Consumers.IngestFilesConsumer", m.Consumer);
                Assert.Equal("Pipeline.Contracts.IngestFiles", m.MessageType);
                Assert.True(m.FailedAt - sent >= MinimumBackOff(), $"failed at {m.FailedAt}, sent at {sent}");
                Assert.Contains("start-ingest", m.SourceAddress);
            });

            var (code, list) = await fx.RunCliAsync("errors");
            Assert.True(code == 0, list);
            Assert.Contains($"{Parked}  2 message(s), failed every retry; replay sends them to ingest-files", list);
            Assert.All(poison, m => Assert.Contains($"  {m.MessageId}  IngestFiles  ", list));
            Assert.Contains("retries 5", list);
            Assert.Contains("Npgsql.PostgresException: 42P01: relation \"images\" does not exist", list);
            (code, list) = await fx.RunCliAsync("errors", "--queue", "ingest-files", "--limit", "1");
            Assert.True(code == 0, list);
            Assert.Single(poison, m => list.Contains(m.MessageId!));
            Assert.Contains("... 1 more (--limit)", list);

            var api = await fx.Http.GetFromJsonAsync<JsonElement>(new Uri(fx.Dashboard.Url, "api/errors"));
            var queue = Assert.Single(api.EnumerateArray(), q => q.GetProperty("name").GetString() == Parked);
            Assert.Equal(("ingest-files", "Error", 2), (queue.GetProperty("sourceQueue").GetString(), queue.GetProperty("kind").GetString(), queue.GetProperty("count").GetInt32()));
            Assert.Equal(poison.Select(m => m.MessageId).Order(), queue.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()).Order());
            Assert.All(queue.GetProperty("messages").EnumerateArray(), m => Assert.Contains("does not exist", m.GetProperty("reason").GetString()));

            // The page, as the server first renders it: each parked message with its reason and a replay button named for it.
            var page = await fx.Http.GetStringAsync(new Uri(fx.Dashboard.Url, "errors"));
            Assert.Contains($"<h3 id=\"queue-{Parked}\">{Parked}</h3>", page);
            Assert.All(poison, m => Assert.Contains($"aria-label=\"Replay message {m.MessageId} to ingest-files\"", page));
            Assert.Contains("PostgresException: 42P01: relation &quot;images&quot; does not exist", page);
        }
        finally
        {
            // The fix: the migration runs.
            await RenameImagesAsync("images_unmigrated", "images");
        }

        // Still parked: nothing replays by itself.
        Assert.Equal(2, (await errors.PeekAsync(Parked, 0, default)).Count);
        Assert.Equal(1, (await fx.RunCliAsync("errors", "replay", "ingest-files")).ExitCode);

        var (replayed, replay) = await fx.RunCliAsync("errors", "replay", "ingest-files", "--id", poison[0].MessageId!);
        Assert.True(replayed == 0, replay);
        Assert.Contains($"moved {poison[0].MessageId}  IngestFiles  {Parked} -> ingest-files", replay);
        Assert.Contains("1 message(s) replayed to ingest-files", replay);
        var left = await errors.PeekAsync(Parked, 10, default);
        Assert.Equal(poison[1].MessageId, Assert.Single(left.Messages).MessageId);
        var first = await WaitForAnyJobAsync(jobs);
        Assert.Equal(3, first.Ingested);
        var other = jobs.Single(j => j != first.JobId);
        Assert.False((await new Pipeline.Storage.ProgressQueries(fx.Db).GetAsync(other, default))!.IsComplete, "its slice is still parked");

        var missing = await fx.Http.PostAsJsonAsync(new Uri(fx.Dashboard.Url, "api/errors/no-such-queue/replay"), new { all = true });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var response = await fx.Http.PostAsJsonAsync(new Uri(fx.Dashboard.Url, $"api/errors/{Parked}/replay"), new { all = true });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var moved = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(poison[1].MessageId, Assert.Single(moved.GetProperty("moved").EnumerateArray()).GetProperty("messageId").GetString());
        Assert.Equal(3, (await fx.WaitForJobAsync(other)).Ingested);

        Assert.Equal(0, (await errors.PeekAsync(Parked, 10, default)).Count);
        Assert.Contains("0 message(s)", (await fx.RunCliAsync("errors", "--queue", Parked)).Output);
    }

    [Fact]
    public async Task A_message_no_worker_knows_is_listed_as_skipped_and_can_be_discarded_one_by_one()
    {
        const string skipped = "ingest-files_skipped";
        await using var errors = new ErrorQueues(fx.Management, new Uri(fx.RabbitUri));
        // The Ingest worker's slice queue knows IngestFiles only: anything else is set aside at once, without retries.
        for (var i = 0; i < 2; i++)
            await fx.SendAsync("ingest-files", new ClusteringCompleted { RunId = Guid.NewGuid(), SnapshotId = Guid.NewGuid(), Succeeded = true });
        var stray = (await WaitForParkedAsync(errors, 2, messages: true, queue: skipped)).Messages;
        Assert.All(stray, m => Assert.Equal(("Pipeline.Contracts.ClusteringCompleted", null), (m.MessageType, m.RetryCount)));

        var (code, list) = await fx.RunCliAsync("errors", "--queue", skipped);
        Assert.True(code == 0, list);
        Assert.Contains($"{skipped}  2 message(s), no consumer knew them; replay sends them to ingest-files", list);
        Assert.All(stray, m => Assert.Contains($"  {m.MessageId}  ClusteringCompleted  ", list));
        Assert.Contains("no consumer on this queue knows the message type", list);

        (code, var discarded) = await fx.RunCliAsync("errors", "discard", skipped, "--id", stray[0].MessageId!);
        Assert.True(code == 0, discarded);
        Assert.Contains($"discarded {stray[0].MessageId}  ClusteringCompleted", discarded);
        var url = new Uri(fx.Dashboard.Url, $"api/errors/{skipped}/messages/{stray[1].MessageId}");
        Assert.Equal(HttpStatusCode.OK, (await fx.Http.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Http.DeleteAsync(url)).StatusCode);
        Assert.Equal(0, (await errors.PeekAsync(skipped, 10, default)).Count);
    }

    /// <summary>The least time five retries can wait: MassTransit draws each interval's growth from 0.8 to 1.2 times the delta.</summary>
    private static TimeSpan MinimumBackOff()
    {
        var (limit, min, max, delta) = HostingExtensions.Retry;
        return TimeSpan.FromTicks(Enumerable.Range(0, limit).Sum(i => Math.Min((min + (Math.Pow(2, i) - 1) * 0.8 * delta).Ticks, max.Ticks)));
    }

    private async Task RenameImagesAsync(string from, string to)
    {
        await using var cmd = fx.Db.CreateCommand($"ALTER TABLE {from} RENAME TO {to}");
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Looks every 250 ms (over AMQP, exact, not the management API's lagging counts) until the error queue holds <paramref name="count"/>.</summary>
    private async Task<(DateTimeOffset At, IReadOnlyList<ErrorMessage> Messages)> WaitForParkedAsync(ErrorQueues errors, int count,
        bool messages = false, string queue = Parked)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await errors.PeekAsync(queue, messages ? 10 : 0, default) is { } q && q.Count >= count) return (DateTimeOffset.UtcNow, q.Messages);
            }
            catch (ErrorQueueException)
            {
                // MassTransit declares the error queue when it parks the first message.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{queue} never held {count} messages\n{fx.Logs()}");
    }

    private async Task<Pipeline.Storage.JobProgress> WaitForAnyJobAsync(Guid[] jobs)
    {
        var progress = new Pipeline.Storage.ProgressQueries(fx.Db);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var job in jobs)
                if (await progress.GetAsync(job, default) is { IsComplete: true } done) return done;
            await Task.Delay(250);
        }
        throw new TimeoutException($"neither job finished after its replay\n{fx.Logs()}");
    }
}
