namespace Pipeline.Inference.Models;

/// <summary>The models found under the configured models folder, one per sub-folder, by folder name.</summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, ModelDescriptor> _models;

    public string Root { get; }

    private ModelRegistry(string root, Dictionary<string, ModelDescriptor> models) => (Root, _models) = (root, models);

    public IReadOnlyCollection<ModelDescriptor> Models => _models.Values;

    public static ModelRegistry Scan(string root)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"models folder '{root}' does not exist (Inference:ModelsPath)");
        var models = Directory.GetDirectories(root)
            .Select(ModelLayouts.Recognise)
            .OfType<ModelDescriptor>()
            .ToDictionary(m => m.Name, StringComparer.Ordinal);
        return new ModelRegistry(root, models);
    }

    public ModelDescriptor Get(string name) => _models.TryGetValue(name, out var model) ? model
        : throw new KeyNotFoundException($"no model '{name}' in {Root}; found: {(_models.Count == 0 ? "none" : string.Join(", ", _models.Keys.Order()))}. " +
            "A model is a folder with model.json, or an Immich / Hugging Face CLIP export, or an ONNX-zoo resnet50*.onnx.");
}
