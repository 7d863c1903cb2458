using System.CommandLine;
using System.Diagnostics;
using Pipeline.ServiceDefaults.Broker;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>The load figure: sustained images/s through the running workers, and how deep their queues get meanwhile.</summary>
internal static class LoadCommand
{
    private static readonly string[] PipelineQueues = ["ingest-files", "image-ingested", "region-detected"];

    private sealed record Settings(TimeSpan Duration, TimeSpan Warmup, TimeSpan Interval, int Batch, int Ahead, bool Pregenerate, int Width, int Height, bool Keep);

    public static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "How long to keep the workers fed and measure.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds at the start left out of the sustained figure.", DefaultValueFactory = _ => 60 };
        var interval = new Option<int>("--interval") { Description = "Seconds per printed line.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Images per job (jobs run back to back, each a fresh folder).", DefaultValueFactory = _ => 1000 };
        var ahead = new Option<int>("--ahead") { Description = "Folders generated ahead of need (the first ones before the clock starts).", DefaultValueFactory = _ => 2 };
        var pregenerate = new Option<bool>("--pregenerate")
        {
            Description = "Generate only the --ahead folders, all before the clock starts, none during the run (no CPU taken from the workers; make --ahead cover the run).",
        };
        var width = new Option<int>("--width") { DefaultValueFactory = _ => 1024 };
        var height = new Option<int>("--height") { DefaultValueFactory = _ => 768 };
        var keep = new Option<bool>("--keep") { Description = "Keep the jobs' rows and thumbnails (by default they are deleted at the end, as bench does)." };
        var command = new Command("load", """
            Sustained throughput through the running workers (start them first: ./run.sh, or scripts/load.sh does both).
            Keeps them fed for --minutes with jobs of fresh generated JPEGs (a new seed per job, so nothing is a duplicate),
            generated in the background ahead of need, or all before the clock with --pregenerate. Every --interval
            seconds it prints the images embedded in that interval, images/s, the totals, and the depth (ready + unacked,
            from the management API, which lags up to 5 s) of ingest-files, image-ingested and region-detected. At the
            end: the sustained rate (median and mean of the intervals after --warmup), the deepest each queue got and
            what generating the images cost; then unfinished jobs are cancelled and, once the queues have drained, the
            run's rows, thumbnails and images deleted.
            """)
        {
            minutes, warmup, interval, batch, ahead, pregenerate, width, height, keep,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(ctx =>
        {
            var s = new Settings(TimeSpan.FromMinutes(parse.GetValue(minutes)), TimeSpan.FromSeconds(parse.GetValue(warmup)),
                TimeSpan.FromSeconds(parse.GetValue(interval)), parse.GetValue(batch), parse.GetValue(ahead), parse.GetValue(pregenerate), parse.GetValue(width),
                parse.GetValue(height), parse.GetValue(keep));
            if (s.Duration <= TimeSpan.Zero || s.Interval < TimeSpan.FromSeconds(1) || s.Batch < 1 || s.Ahead < 1 || s.Warmup < TimeSpan.Zero)
                throw new CliException("--minutes must be positive, --interval at least 1, --batch and --ahead at least 1, --warmup not negative");
            return RunAsync(ctx, s, ct);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext ctx, Settings s, CancellationToken ct)
    {
        var root = Path.Combine(Path.GetTempPath(), $"pipeline-load-{Guid.NewGuid():N}");
        // A short timeout: a slow answer shows as "?" rather than stretching the interval.
        var management = ctx.Management(TimeSpan.FromSeconds(3));
        var jobs = new List<(Guid Id, string Folder)>();
        try
        {
            await using var images = new LoadImages(root, s.Batch, s.Width, s.Height, s.Ahead, s.Pregenerate);
            Console.WriteLine($"generating {s.Ahead} folder(s) of {s.Batch} {s.Width}x{s.Height} JPEGs before the clock starts ...");
            await images.StartAsync(ct);
            Console.WriteLine($"  {images.Wall.TotalSeconds:F1} s, {images.Cpu.TotalSeconds:F1} CPU-s; running for {s.Duration.TotalMinutes:G} min\n");
            // The first job is sent before the clock starts: connecting to the broker is not the workers' time.
            images.TryTake(out var first);
            jobs.Add((await IngestCommand.StartAsync(ctx, first, ct), first));
            Console.WriteLine($"{"time",6} {"embedded",9} {"img/s",7} {"total",8} {"ingested",9} |" + string.Concat(PipelineQueues.Select(q => $"{q,16}")));

            var figures = new LoadFigures(PipelineQueues, s.Warmup);
            var (start, wallBefore, cpuBefore) = (Stopwatch.GetTimestamp(), images.Wall, images.Cpu);
            var (lastLine, embeddedBefore, late) = (TimeSpan.Zero, 0L, 0);
            var (ingested, embedded) = (0L, 0L);
            while (Stopwatch.GetElapsedTime(start) < s.Duration)
            {
                if (await NeedsJobAsync(ctx, jobs, ct))
                {
                    if (images.TryTake(out var folder)) jobs.Add((await IngestCommand.StartAsync(ctx, folder, ct), folder));
                    else late++;
                }
                var depths = figures.Depths(await DepthsAsync(management, ct));
                var now = Stopwatch.GetElapsedTime(start);
                if (now - lastLine >= s.Interval)
                {
                    (ingested, embedded) = await ctx.Progress.ThroughputAsync([.. jobs.Select(j => j.Id)], ct);
                    figures.Interval(lastLine, now, embeddedBefore, embedded);
                    var rate = (embedded - embeddedBefore) / (now - lastLine).TotalSeconds;
                    Console.WriteLine($"{now.TotalSeconds,5:F0}s {embedded - embeddedBefore,9} {rate,7:F1} {embedded,8} {ingested,9} |{depths}");
                    (lastLine, embeddedBefore) = (now, embedded);
                    await DeleteFinishedFoldersAsync(ctx, jobs, ct);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            var elapsed = Stopwatch.GetElapsedTime(start);
            figures.PrintSummary(elapsed, embedded);
            var (wall, cpu) = (images.Wall - wallBefore, images.Cpu - cpuBefore);
            Console.WriteLine($"image generation during the run: {wall.TotalSeconds:F0} s of background work, {cpu.TotalSeconds:F0} CPU-s " +
                $"({cpu.TotalSeconds / elapsed.TotalSeconds / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores); " +
                $"{jobs.Count} jobs of {s.Batch}; {late} s with the workers waiting for images");
        }
        finally
        {
            await FinishAsync(ctx, management, jobs, s.Keep);
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
        return 0;
    }

    /// <summary>A new job when there is none, or once Ingest has taken half of the newest: Ingest never runs dry.</summary>
    private static async Task<bool> NeedsJobAsync(CliContext ctx, List<(Guid Id, string Folder)> jobs, CancellationToken ct) =>
        jobs.Count == 0 || await ctx.Progress.GetAsync(jobs[^1].Id, ct) is { EnumeratedAt: not null, TotalFiles: { } total } newest
            && newest.Processed * 2 >= total;

    /// <summary>Ready + unacked of each pipeline queue; none when the management API cannot be read.</summary>
    private static async Task<IReadOnlyDictionary<string, long?>> DepthsAsync(RabbitManagementClient management, CancellationToken ct)
    {
        try
        {
            return (await management.QueuesAsync(ct)).ToDictionary(q => q.Name, q => q.Ready + q.Unacked);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new Dictionary<string, long?>();
        }
    }

    private static async Task DeleteFinishedFoldersAsync(CliContext ctx, List<(Guid Id, string Folder)> jobs, CancellationToken ct)
    {
        foreach (var (id, folder) in jobs.Where(j => Directory.Exists(j.Folder)))
            if (await ctx.Progress.GetAsync(id, ct) is { IsComplete: true }) Directory.Delete(folder, recursive: true);
    }

    /// <summary>Cancels what is unfinished, waits for the queues to drain (bounded queues drain in bounded time), cleans up.</summary>
    private static async Task FinishAsync(CliContext ctx, RabbitManagementClient management, List<(Guid Id, string Folder)> jobs, bool keep)
    {
        foreach (var (id, _) in jobs)
            if (await ctx.Progress.GetAsync(id, CancellationToken.None) is { IsComplete: false })
                await ctx.Jobs.ApplyAsync(id, JobAction.Cancel, CancellationToken.None);
        var start = Stopwatch.GetTimestamp();
        var (quiet, drained) = (0, TimeSpan.Zero);
        while (quiet < 6 && Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(5))
        {
            // The management API's counts lag by up to 5 s: empty six times running means empty.
            var depths = await DepthsAsync(management, CancellationToken.None);
            if (!PipelineQueues.All(q => depths.TryGetValue(q, out var d) && d == 0)) (quiet, drained) = (0, Stopwatch.GetElapsedTime(start));
            else quiet++;
            await Task.Delay(1000);
        }
        Console.WriteLine(quiet < 6 ? "queues still not empty 5 min after the run"
            : $"queues drained within {drained.TotalSeconds + 1:F0} s of the run's end (unfinished jobs cancelled)");
        if (keep) return;
        foreach (var (id, _) in jobs)
            foreach (var thumbnail in await ctx.Ingest.DeleteJobAsync(id, CancellationToken.None)) File.Delete(thumbnail);
    }
}
