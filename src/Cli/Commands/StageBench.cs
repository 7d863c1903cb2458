using System.Diagnostics;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// One stage's throughput with its queue full, as scripts/bench-scale.sh measures it: wait until the stage before has
/// queued the whole job (the measured stage's workers must not run yet), say so, then time the stage from the moment
/// the expected number of processes are all consuming until the job is through it, and report each process's share
/// from its heartbeat row. The window leaves out process start-up, which more processes would otherwise pay for.
/// </summary>
internal static class StageBench
{
    /// <summary>The line the script waits for before it starts the measured workers.</summary>
    public const string Filled = "queue filled";

    public static readonly string[] Stages = ["detect", "embed"];

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(CliContext ctx, Guid jobId, string stage, int processes, CancellationToken ct)
    {
        var service = stage == "detect" ? "Pipeline.Detect.Worker" : "Pipeline.Embed.Worker";
        long Done(JobProgress p) => stage == "detect" ? p.Detected + p.DetectFailed : p.Embedded + p.EmbedFailed;
        long? Queued(JobProgress p) =>
            p.EnumeratedAt is null || p.Processed < p.TotalFiles ? null
            : stage == "detect" ? p.Ingested
            : p.Detected + p.DetectFailed >= p.Ingested ? p.Regions : null;

        var progress = await ctx.Progress.GetAsync(jobId, ct);
        while (progress is null || Queued(progress) is null)
        {
            if (progress?.Error is { } error) throw new CliException($"the job failed: {error}");
            if (progress is not null && Done(progress) > 0) throw new CliException($"{stage} workers are running: stop them before the queue fills");
            await Task.Delay(Poll, ct);
            progress = await ctx.Progress.GetAsync(jobId, ct);
        }
        var target = Queued(progress)!.Value;
        Console.WriteLine($"{Filled}: {target} messages wait for {stage}; start {processes} {service} process(es) now");

        // The window opens when every process has finished a message (its heartbeat says so).
        var workers = new WorkerInstanceStore(ctx.Db);
        var filled = Stopwatch.GetTimestamp();
        while ((await TotalsAsync(workers, service, ct)).Values.Count(t => t > 0) < processes)
        {
            if (Stopwatch.GetElapsedTime(filled) > Patience) throw new CliException($"fewer than {processes} {service} processes consumed within {Patience}");
            await Task.Delay(Poll, ct);
        }
        var opened = Stopwatch.GetTimestamp();
        var atOpen = await TotalsAsync(workers, service, ct);
        var before = Done((await ctx.Progress.GetAsync(jobId, ct))!);
        if (before >= target) throw new CliException($"the queue was empty before all {processes} processes consumed: use a larger --count");
        // The window closes when the last message is through: the poll that saw the count reach the target.
        var (done, closed) = (before, opened);
        while (done < target)
        {
            await Task.Delay(Poll, ct);
            var now = Done((await ctx.Progress.GetAsync(jobId, ct))!);
            if (now > done) (done, closed) = (now, Stopwatch.GetTimestamp());
            else if (Stopwatch.GetElapsedTime(closed) > Patience) throw new CliException($"{stage} stalled at {done} of {target} messages");
        }
        var window = Stopwatch.GetElapsedTime(opened, closed).TotalSeconds;

        // Shares of the window's work: what each process finished after the window opened (heartbeats lag up to a beat).
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        var atEnd = await TotalsAsync(workers, service, ct);
        while (atEnd.Values.Sum() < target && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(Poll, ct);
            atEnd = await TotalsAsync(workers, service, ct);
        }
        if (atEnd.Count != processes) throw new CliException($"{atEnd.Count} {service} processes ran, not {processes}");
        var shares = atEnd.Select(t => t.Value - atOpen.GetValueOrDefault(t.Key)).ToList();
        var rate = (target - before) / window;
        Console.WriteLine($"{target - before} of {target} messages in {window:F1}s once all {processes} consumed " +
            $"({Stopwatch.GetElapsedTime(filled).TotalSeconds:F1}s from the first start)");
        Console.WriteLine("processes  messages  window(s)  messages/s  per process  shares in the window");
        Console.WriteLine($"{processes,9}  {target - before,8}  {window,9:F1}  {rate,10:F1}  {rate / processes,11:F1}  " +
            string.Join(" ", shares.Select(n => $"{100.0 * n / Math.Max(1, shares.Sum()):F0}%")));
    }

    /// <summary>Each live process of the service and the messages it has finished, from the heartbeat rows.</summary>
    private static async Task<Dictionary<Guid, long>> TotalsAsync(WorkerInstanceStore workers, string service, CancellationToken ct) =>
        (await workers.RecentAsync(TimeSpan.FromSeconds(30), ct)).Where(w => w.Service == service).ToDictionary(w => w.InstanceId, w => w.MessagesTotal);
}
