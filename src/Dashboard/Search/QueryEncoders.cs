using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Pipeline.Inference;
using Pipeline.Inference.Embedding;
using Pipeline.Vision;

namespace Pipeline.Dashboard.Search;

/// <summary>Turns query text and query images into vectors, loading each model's session once, on first use.</summary>
public sealed class QueryEncoders(IOptions<InferenceOptions> options, ILogger<QueryEncoders> logger) : IDisposable
{
    private readonly Embedders _embedders = new(options.Value, logger);
    private readonly ConcurrentDictionary<string, Lazy<IEmbedder>> _images = new();
    private readonly ConcurrentDictionary<string, Lazy<ClipTextEncoder>> _texts = new();

    public float[] Text(string model, string text) => Load(_texts, model, _embedders.Text).Encode(text);

    public float[] Image(string model, string path) => Load(_images, model, _embedders.Image).Embed(path);

    private static T Load<T>(ConcurrentDictionary<string, Lazy<T>> cache, string model, Func<string, T> create)
    {
        var lazy = cache.GetOrAdd(model, name => new Lazy<T>(() => create(name)));
        try
        {
            return lazy.Value;
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
        {
            cache.TryRemove(model, out _); // the next request tries again, e.g. after the model files are fixed
            throw new SearchRequestException(e.Message);
        }
    }

    public void Dispose()
    {
        foreach (var e in _images.Values.Where(l => l.IsValueCreated).Select(l => l.Value).OfType<IDisposable>()) e.Dispose();
        foreach (var t in _texts.Values.Where(l => l.IsValueCreated)) t.Value.Dispose();
    }
}
