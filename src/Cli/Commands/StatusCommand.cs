using System.CommandLine;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create()
    {
        var job = new Argument<Guid?>("job") { Description = "A job id; without it, the 20 most recent jobs.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Show per-stage progress of ingest jobs.") { job };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            if (parse.GetValue(job) is { } id)
            {
                var p = await ctx.Progress.GetAsync(id, ct) ?? throw new CliException($"job {id} not found");
                Console.WriteLine($"job {p.JobId}  {p.SourcePath}  started {p.CreatedAt:u}");
                Console.WriteLine(Describe(p));
                await PrintFailuresAsync(ctx, id, 100, ct);
                return 0;
            }
            var jobs = await ctx.Progress.RecentAsync(20, ct);
            if (jobs.Count == 0) Console.WriteLine("no jobs yet: `pipeline ingest <folder>` starts one");
            foreach (var p in jobs) Console.WriteLine($"{p.JobId}  {p.CreatedAt:u}  {p.SourcePath}\n    {Describe(p)}");
            return 0;
        }));
        return command;
    }

    public static string Describe(JobProgress p)
    {
        var total = p.TotalFiles is { } t ? t.ToString() : "?";
        return $"[{p.Status}] files {p.Processed}/{total}  ingested {p.Ingested}  duplicates {p.Duplicates}  failed {p.Failed}  " +
               $"detected {p.Detected}/{p.Ingested}  regions {p.Regions}  embedded {p.Embedded}/{p.Regions}" +
               (p.DetectFailed + p.EmbedFailed > 0 ? $"  set aside: detect {p.DetectFailed}, embed {p.EmbedFailed}" : "") +
               (p.Deferred > 0 ? $"  held back {p.Deferred}" : "") + (p.Cancelled > 0 ? $"  cancelled {p.Cancelled}" : "");
    }

    public static async Task PrintFailuresAsync(CliContext ctx, Guid jobId, int limit, CancellationToken ct)
    {
        foreach (var f in await ctx.Progress.FailuresAsync(jobId, limit, ct))
            Console.WriteLine($"  failed at {f.Stage}: {f.Path}: {f.Reason}");
    }
}
