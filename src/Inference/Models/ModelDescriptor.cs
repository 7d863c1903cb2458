namespace Pipeline.Inference.Models;

public enum ModelKind { Clip, ResNet }

/// <summary>
/// Everything needed to run one model folder: files, tensor names, preprocessing. Read from the folder's
/// model.json, or recognised from a published layout (Immich's or Hugging Face's CLIP export, the ONNX zoo's ResNet50).
/// </summary>
public sealed record ModelDescriptor
{
    public required string Name { get; init; }
    public required ModelKind Kind { get; init; }
    public required string Folder { get; init; }
    public required string ImageModel { get; init; }
    public required string ImageInput { get; init; }
    /// <summary>Output to read; null means the first output (its name differs between exporter versions).</summary>
    public string? ImageOutput { get; init; }
    public required int Dimensions { get; init; }
    public required Preprocessing.PreprocessSpec Preprocess { get; init; }

    public string? TextModel { get; init; }
    public string? TextInput { get; init; }
    public string? TextOutput { get; init; }
    public int ContextLength { get; init; } = 77;
    public string? Vocab { get; init; }
    public string? Merges { get; init; }
    public string? TokenizerJson { get; init; }
    public string? TokenizerConfig { get; init; }

    public string Path(string relative) => System.IO.Path.Combine(Folder, relative);
}
