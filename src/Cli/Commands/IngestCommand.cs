using System.CommandLine;
using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

internal static class IngestCommand
{
    public static Command Create()
    {
        var folder = new Argument<FileSystemInfo>("folder")
        {
            Description = "Folder to ingest, walked recursively (jpg, png, tiff, bmp, webp, gif; archives in it are unpacked), or one .zip, .tar, .tar.gz or .tgz.",
        };
        var wait = new Option<bool>("--wait") { Description = "Wait for the job to finish, printing progress per stage." };
        var prompt = new Option<string?>("--prompt") { Description = "What the detector looks for, phrases ending in '.' (\"face. figure.\"); default: the Detect worker's (\"object\")." };
        var command = new Command("ingest", "Start an ingest job for a folder of images or one archive of them.") { folder, wait, prompt };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var dir = parse.GetValue(folder)!;
            if (!dir.Exists) throw new CliException($"'{dir.FullName}' does not exist");
            var jobId = await StartAsync(ctx, dir.FullName, ct, parse.GetValue(prompt));
            Console.WriteLine($"job {jobId} started for {dir.FullName}");
            if (!parse.GetValue(wait)) return 0;
            var done = await WaitAsync(ctx, jobId, ct);
            return done.Error is null ? 0 : 1;
        }));
        return command;
    }

    public static async Task<Guid> StartAsync(CliContext ctx, string path, CancellationToken ct, string? prompt = null)
    {
        var jobId = NewId.NextGuid();
        // The row exists before the message, so `status` shows the job even while the ingest worker is busy or down.
        await ctx.Ingest.CreateJobAsync(jobId, path, prompt, ct);
        await ctx.SendAsync(Queues.StartIngest, new StartIngest { JobId = jobId, SourcePath = path, DetectionPrompt = prompt }, ct);
        return jobId;
    }

    /// <summary>Polls the job's stage counts once a second until every stage is done.</summary>
    public static async Task<JobProgress> WaitAsync(CliContext ctx, Guid jobId, CancellationToken ct)
    {
        string? last = null;
        while (true)
        {
            var p = await ctx.Progress.GetAsync(jobId, ct) ?? throw new CliException($"job {jobId} not found");
            var line = StatusCommand.Describe(p);
            if (line != last) Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
            last = line;
            if (p.IsComplete)
            {
                if (p.Error is not null) Console.Error.WriteLine($"error: {p.Error}");
                else await StatusCommand.PrintFailuresAsync(ctx, jobId, 20, ct);
                return p;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}
