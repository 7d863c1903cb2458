using System.ComponentModel.DataAnnotations;

namespace Pipeline.Inference;

public enum ExecutionProvider { Auto, Cuda, Cpu }

public enum GraphOptimization { All, Extended }

public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>Folder of model folders (one per model, named by the model). Nothing is ever downloaded.</summary>
    public string? ModelsPath { get; set; }

    /// <summary>auto: CUDA when it can start, else CPU (ONNX Runtime has no fallback of its own in .NET).</summary>
    public ExecutionProvider Provider { get; set; } = ExecutionProvider.Auto;

    /// <summary>ONNX Runtime's graph optimisation level; a model that fails to load at All is retried at Extended.</summary>
    public GraphOptimization GraphOptimization { get; set; } = GraphOptimization.All;

    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    [Range(0, 16)]
    public int CudaDeviceId { get; set; }

    /// <summary>A file named relative to the models folder (an adapter, say); a name that would leave the folder is refused.</summary>
    public string FileInModels(string relative)
    {
        if (string.IsNullOrWhiteSpace(ModelsPath)) throw new InvalidOperationException("Inference:ModelsPath is not set, so there is no models folder");
        var root = Path.GetFullPath(ModelsPath);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (Path.IsPathRooted(relative) || !full.StartsWith(root.TrimEnd('/') + '/', StringComparison.Ordinal))
            throw new ArgumentException($"'{relative}' is not a file inside the models folder {root}");
        return File.Exists(full) ? full : throw new FileNotFoundException($"no file '{relative}' in the models folder {root}", full);
    }
}
