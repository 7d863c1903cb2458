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
}
