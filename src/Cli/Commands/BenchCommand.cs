using System.CommandLine;
using System.Diagnostics;
using Pipeline.Vision;

namespace Pipeline.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Images to generate and push through.", DefaultValueFactory = _ => 2000 };
        var width = new Option<int>("--width") { DefaultValueFactory = _ => 1024 };
        var height = new Option<int>("--height") { DefaultValueFactory = _ => 768 };
        var stage = new Option<string?>("--stage")
        {
            Description = "Measure one stage with its queue full instead (scripts/bench-scale.sh): its workers start once the queue is filled.",
        };
        stage.AcceptOnlyFromAmong(StageBench.Stages);
        var processes = new Option<int>("--processes") { Description = "With --stage: the processes of that stage to wait for.", DefaultValueFactory = _ => 1 };
        var command = new Command("bench", "End-to-end throughput: generate JPEGs, ingest them through the running workers, report images/s per stage.")
        {
            count, width, height, stage, processes,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var dir = Path.Combine(Path.GetTempPath(), $"pipeline-bench-{Guid.NewGuid():N}");
            var generate = Stopwatch.GetTimestamp();
            // A fresh seed each time: content already ingested would be skipped as duplicates.
            SyntheticImages.Generate(dir, parse.GetValue(count), 8, parse.GetValue(width), parse.GetValue(height), seed: Environment.TickCount);
            Console.WriteLine($"generated {parse.GetValue(count)} {parse.GetValue(width)}x{parse.GetValue(height)} JPEGs in {Stopwatch.GetElapsedTime(generate).TotalSeconds:F1}s");
            var jobId = Guid.Empty;
            try
            {
                var started = DateTimeOffset.UtcNow;
                jobId = await IngestCommand.StartAsync(ctx, dir, ct);
                if (parse.GetValue(stage) is { } measured)
                {
                    await StageBench.RunAsync(ctx, jobId, measured, parse.GetValue(processes), ct);
                    return 0;
                }
                var done = await IngestCommand.WaitAsync(ctx, jobId, ct);
                var spans = await ctx.Progress.StageSpansAsync(jobId, ct);
                var end = spans.Max(s => s.Last) ?? started;
                var total = (end - started).TotalSeconds;
                Console.WriteLine($"\n{done.Embedded} images embedded in {total:F1}s from ingest start to the last vector: {done.Embedded / total:F1} images/s");
                Console.WriteLine("stage     rows   first(s)  last(s)  rows/s over its own span");
                foreach (var s in spans)
                {
                    double Rel(DateTimeOffset? t) => ((t ?? started) - started).TotalSeconds;
                    var own = Rel(s.Last) - Rel(s.First);
                    Console.WriteLine($"{s.Stage,-8}{s.Rows,6}  {Rel(s.First),8:F2} {Rel(s.Last),8:F2}  {(own > 0 ? s.Rows / own : 0),8:F1}");
                }
                return 0;
            }
            finally
            {
                // A benchmark leaves nothing behind: not its images, nor their rows and thumbnails.
                Directory.Delete(dir, recursive: true);
                if (jobId != Guid.Empty)
                    foreach (var thumbnail in await ctx.Ingest.DeleteJobAsync(jobId, CancellationToken.None)) File.Delete(thumbnail);
            }
        }));
        return command;
    }
}
