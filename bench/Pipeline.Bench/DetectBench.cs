using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pipeline.Inference;
using Pipeline.Inference.Detection;
using Pipeline.Vision;

namespace Pipeline.Bench;

/// <summary>Pages/s of Grounding DINO through the whole path (decode, resize and pad, one prompt's text tensors, inference, boxes).</summary>
public static class DetectBench
{
    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.WriteLine("usage: bench detect <grounding-dino-folder> [pages=64] [prompt=object] [provider=auto|cpu|cuda]");
            return 2;
        }
        var count = args.Length > 1 ? int.Parse(args[1]) : 64;
        var detection = new DetectionOptions { Prompt = args.Length > 2 ? args[2] : "object" };
        var options = new InferenceOptions { Provider = args.Length > 3 ? Enum.Parse<ExecutionProvider>(args[3], true) : ExecutionProvider.Auto };
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole());
        using var detector = new GroundingDinoDetector(args[0], options, logs.CreateLogger("bench"));
        var dir = Directory.CreateTempSubdirectory("detect-bench-").FullName;
        try
        {
            // Scanned book pages are portrait; 1240x1754 is an A4 page at 150 dpi.
            var pages = SyntheticImages.Generate(dir, count, 8, 1240, 1754).Select(p => p.Path).ToList();
            detector.Detect(pages.Take(2).ToList(), detection); // warm-up: first run plans the graph
            var started = Stopwatch.GetTimestamp();
            var regions = pages.Chunk(8).Sum(chunk => detector.Detect(chunk, detection).Sum(r => r.Count));
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"Grounding DINO on {detector.Provider}: {count} pages in {seconds:F1}s = {count / seconds:F2} pages/s, {regions} regions, prompt \"{detection.Prompt}\"");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }
}
