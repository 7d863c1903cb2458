using System.CommandLine;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline job pause|resume|cancel|retry &lt;job&gt;</c>: the same backend as the dashboard's buttons.</summary>
internal static class JobCommand
{
    public static Command Create()
    {
        var command = new Command("job", "Pause, resume, cancel an ingest job, or retry its failed files.");
        foreach (var (action, help) in new[]
        {
            (JobAction.Pause, "Hold the job's new files back (recorded as held back) until it is resumed."),
            (JobAction.Resume, "Send the held-back files through ingest and go on."),
            (JobAction.Cancel, "End the job: it takes no further files, later stages skip its remaining work."),
            (JobAction.Retry, "Send the job's failed files through ingest again (a fixed file is ingested)."),
        })
        {
            var job = new Argument<Guid>("job") { Description = "The job id (`pipeline status` lists them)." };
            var sub = new Command(action.ToString().ToLowerInvariant(), help) { job };
            sub.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
            {
                try
                {
                    Console.WriteLine($"job {parse.GetValue(job)} {await ctx.Jobs.ApplyAsync(parse.GetValue(job), action, ct)}");
                    return 0;
                }
                catch (JobControlException e)
                {
                    throw new CliException(e.Message);
                }
            }));
            command.Subcommands.Add(sub);
        }
        return command;
    }
}
