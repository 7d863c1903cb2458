using System.CommandLine;
using Pipeline.ServiceDefaults.Broker;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline errors [--queue Q] [--limit N]</c>, <c>errors replay &lt;queue&gt; --id ID | --all</c>, <c>errors discard &lt;queue&gt; --id ID</c>.</summary>
internal static class ErrorsCommand
{
    public static Command Create()
    {
        var queue = new Option<string?>("--queue", "-q") { Description = "Only this queue: a work queue (ingest-files) or its parked queue (ingest-files_error, ingest-files_skipped)." };
        var limit = new Option<int>("--limit", "-n") { Description = "Messages shown per queue (the count covers all of them).", DefaultValueFactory = _ => 20 };
        var command = new Command("errors", """
            Messages that failed every retry (5, with back-off) and were parked in a <queue>_error queue, and messages no
            consumer knew (<queue>_skipped): per queue its count, per message its id, type, when it failed, the consumer
            and the reason. Nothing is taken off the queues. `pipeline errors replay` sends them back once the cause is fixed.
            """) { queue, limit, Replay(), Discard() };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(ctx => Broker(async () =>
        {
            if (parse.GetValue(limit) < 0) throw new CliException("--limit must be 0 or more");
            var queues = await ctx.Errors.ListAsync(parse.GetValue(queue), parse.GetValue(limit), ct);
            if (queues.Count == 0) Console.WriteLine("no error queues: nothing has failed its retries");
            foreach (var q in queues) Print(q);
            return 0;
        })));
        return command;
    }

    private static Command Replay()
    {
        var queue = new Argument<string>("queue") { Description = "The work queue (ingest-files) or its parked queue (ingest-files_error, ingest-files_skipped)." };
        var id = new Option<string?>("--id") { Description = "Replay only the message with this message id (`pipeline errors` lists them)." };
        var all = new Option<bool>("--all") { Description = "Replay every message the parked queue holds now." };
        var command = new Command("replay", """
            Move parked messages back to the queue they failed on, body and properties kept, fault headers dropped. Each is
            confirmed by the broker in its queue before it is taken off the parked queue: an interruption can replay a
            message twice (the workers are idempotent), never lose one. Fix the cause first, or it fails its retries again.
            """) { queue, id, all };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(ctx => Broker(async () =>
        {
            var (messageId, everything) = (parse.GetValue(id), parse.GetValue(all));
            if (messageId is null == !everything) throw new CliException("say which: --id <messageId> for one message, or --all");
            var result = await ctx.Errors.ReplayAsync(parse.GetValue(queue)!, messageId, ct);
            foreach (var m in result.Moved) Console.WriteLine($"moved {m.MessageId}  {ShortType(m.MessageType)}  {result.ErrorQueue} -> {result.TargetQueue}");
            Console.WriteLine($"{result.Moved.Count} message(s) replayed to {result.TargetQueue}");
            return 0;
        })));
        return command;
    }

    private static Command Discard()
    {
        var queue = new Argument<string>("queue") { Description = "The work queue (ingest-files) or its parked queue (ingest-files_error, ingest-files_skipped)." };
        var id = new Option<string>("--id") { Description = "The message id (`pipeline errors` lists them).", Required = true };
        var command = new Command("discard", """
            Delete one parked message for good: for a message that must never run (its work is obsolete, or done by other
            means). One at a time, by id; what it was is printed as the record of it. To run it again, use replay instead.
            """) { queue, id };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(ctx => Broker(async () =>
        {
            var m = await ctx.Errors.DiscardAsync(parse.GetValue(queue)!, parse.GetValue(id)!, ct);
            Console.WriteLine($"discarded {m.MessageId}  {ShortType(m.MessageType)}  failed {m.FailedAt?.ToString("u") ?? "-"}: {m.Reason}");
            return 0;
        })));
        return command;
    }

    private static void Print(ErrorQueue q)
    {
        var what = q.Kind == ParkedKind.Error ? "failed every retry" : "no consumer knew them";
        Console.WriteLine($"{q.Name}  {q.Count} message(s), {what}; replay sends them to {q.SourceQueue}");
        foreach (var m in q.Messages)
        {
            Console.WriteLine($"  {m.MessageId}  {ShortType(m.MessageType)}  {m.FailedAt?.ToString("u") ?? "-"}  retries {m.RetryCount?.ToString() ?? "-"}  {m.Consumer ?? ""}");
            Console.WriteLine($"    {(m.ExceptionType is null ? "" : m.ExceptionType + ": ")}{m.Reason}");
        }
        if (q.Count > q.Messages.Count) Console.WriteLine($"  ... {q.Count - q.Messages.Count} more (--limit)");
    }

    private static string ShortType(string? type) => type?[(type.LastIndexOf('.') + 1)..] ?? "?";

    /// <summary>Broker problems as one clear line, like the database's.</summary>
    private static async Task<int> Broker(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ErrorQueueException e)
        {
            throw new CliException(e.Message);
        }
        catch (Exception e) when (ErrorQueues.IsUnreachable(e))
        {
            throw new CliException($"RabbitMQ (or its management API) cannot be reached: {e.Message} (scripts/services.sh starts it)");
        }
    }
}
