using Microsoft.Extensions.Logging;
using Pipeline.Inference.Models;
using Pipeline.Vision;

namespace Pipeline.Inference.Embedding;

/// <summary>
/// Model names to image embedders, the same way for the Embed worker and for query images: the built-in weight-free
/// descriptor by its name, anything else a folder under Inference:ModelsPath (scanned once, when first needed).
/// </summary>
public sealed class Embedders(InferenceOptions options, ILogger logger)
{
    private readonly Lazy<ModelRegistry> _registry = new(() => ModelRegistry.Scan(
        options.ModelsPath ?? throw new InvalidOperationException("a model other than weightfree-v1 is named but Inference:ModelsPath is not set")));

    public ModelRegistry Registry => _registry.Value;

    public IEmbedder Image(string name) => name == WeightFreeEmbedder.Name
        ? new WeightFreeEmbedder()
        : new OnnxImageEmbedder(Registry.Get(name), options, logger);

    /// <summary>The model's text tower, or a clear error for a model that has none.</summary>
    public ClipTextEncoder Text(string name)
    {
        if (name == WeightFreeEmbedder.Name) throw new InvalidOperationException($"{name} has no text encoder: search by text needs a CLIP model");
        var model = Registry.Get(name);
        return model.TextModel is null
            ? throw new InvalidOperationException($"{name} has no text encoder (a {model.Kind} image model): search by text needs a CLIP model with a text tower")
            : new ClipTextEncoder(model, options, logger);
    }
}
