using System.Diagnostics;
using Pipeline.Vision;

namespace Pipeline.Bench;

/// <summary>
/// Per-image costs of the ingest/embed path on generated 1024x768 JPEGs, in parallel over all cores.
/// The pipeline's end-to-end target is 200 images/s on 2 cores.
/// </summary>
static class DescriptorBench
{
    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 2000;
        var folder = Path.Combine(Path.GetTempPath(), $"pipeline-descriptor-bench-{Guid.NewGuid():N}");
        try
        {
            var cores = Environment.ProcessorCount;
            Console.WriteLine($"descriptor bench: {count} images of 1024x768, {cores} cores");
            var start = Stopwatch.GetTimestamp();
            var images = SyntheticImages.Generate(Path.Combine(folder, "originals"), count, width: 1024, height: 768, seed: 7);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var megabytes = images.Sum(i => new FileInfo(i.Path).Length) / 1e6;
            Console.WriteLine($"  generate             {seconds,7:F2} s  {count / seconds,8:F0} img/s  ({megabytes / count * 1000:F0} kB/image)");

            var probe = new ImageProbe();
            var thumbnails = new ThumbnailWriter();
            var embedder = new WeightFreeEmbedder();
            var thumbs = images.Select(i => Path.Combine(folder, "thumbs", Path.GetFileName(i.Path))).ToArray();

            var identify = Time("identify + sha256", count, i => { probe.Identify(images[i].Path); ImageFiles.Sha256(images[i].Path); });
            var thumbnail = Time("thumbnail 256 px", count, i => thumbnails.Write(images[i].Path, thumbs[i]));
            var original = Time("embed original", count, i => embedder.Embed(images[i].Path));
            var fromThumb = Time("embed thumbnail", count, i => embedder.Embed(thumbs[i]));

            var perImage = 1 / identify + 1 / thumbnail + 1 / fromThumb;
            Console.WriteLine($"  ingest path (identify + sha256 + thumbnail + embed thumbnail): {1 / perImage:F0} img/s on {cores} cores");
            return 0;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="work"/> for every index over all cores; prints and returns images per second.</summary>
    static double Time(string name, int count, Action<int> work)
    {
        var start = Stopwatch.GetTimestamp();
        Parallel.For(0, count, work);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine($"  {name,-20} {seconds,7:F2} s  {count / seconds,8:F0} img/s");
        return count / seconds;
    }
}
