using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Inference;
using Pipeline.Inference.Embedding;
using Pipeline.Inference.Models;
using Pipeline.Vision;

namespace Pipeline.Bench;

/// <summary>
/// Images/s of an ONNX image model: the model alone on random input, and the whole path (JPEG decode at reduced
/// size + preprocessing + inference) on generated 640x480 JPEGs, per batch size.
/// </summary>
public static class EmbedBench
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.WriteLine("usage: bench embed <models-folder> <model> [batches=1,16,64] [images=256] [provider=auto|cpu|cuda] [optimisation=all|extended]");
            return 2;
        }
        var batches = (args.Length > 2 ? args[2] : "1,16,64").Split(',').Select(int.Parse).ToArray();
        var count = args.Length > 3 ? int.Parse(args[3]) : 256;
        var options = new InferenceOptions
        {
            Provider = args.Length > 4 ? Enum.Parse<ExecutionProvider>(args[4], true) : ExecutionProvider.Auto,
            GraphOptimization = args.Length > 5 ? Enum.Parse<GraphOptimization>(args[5], true) : GraphOptimization.All,
        };
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole());
        var model = ModelRegistry.Scan(args[0]).Get(args[1]);
        using var embedder = new OnnxImageEmbedder(model, options, logs.CreateLogger("bench"));
        Console.WriteLine($"{model.Name}: {model.Kind}, {model.Dimensions}-d, provider {embedder.Provider}, graph optimisation {options.GraphOptimization}, {Environment.ProcessorCount} cores");

        var dir = Directory.CreateTempSubdirectory("embed-bench-").FullName;
        try
        {
            var images = SyntheticImages.Generate(dir, count, 8, 640, 480).Select(i => new ImageRegion(i.Path)).ToArray();
            embedder.Embed(images[..Math.Min(4, count)]); // warm-up: first run plans the graph
            Console.WriteLine(" batch   model alone img/s   decode+preprocess+model img/s");
            foreach (var batch in batches)
            {
                var alone = ModelAlone(model, options, batch, logs.CreateLogger("bench"));
                var started = Stopwatch.GetTimestamp();
                foreach (var chunk in images.Chunk(batch)) embedder.Embed(chunk);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                Console.WriteLine($"{batch,6} {alone,19:F1} {count / seconds,31:F1}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    // A separate session on random input: what the runtime does without any image work.
    private static double ModelAlone(ModelDescriptor model, InferenceOptions options, int batch, ILogger logger)
    {
        var file = model.Path(model.ImageModel);
        using var session = SessionFactory.Create(File.ReadAllBytes(file), file, options, logger);
        var size = model.Preprocess.Size;
        var input = new DenseTensor<float>([batch, 3, size, size]);
        var random = new Random(1);
        for (var i = 0; i < input.Length; i++) input.Buffer.Span[i] = (float)random.NextDouble();
        NamedOnnxValue[] feed = [NamedOnnxValue.CreateFromTensor(model.ImageInput, input)];
        session.Session.Run(feed).Dispose();
        var runs = Math.Max(2, 64 / batch);
        var started = Stopwatch.GetTimestamp();
        for (var r = 0; r < runs; r++) session.Session.Run(feed).Dispose();
        return runs * batch / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
