using Microsoft.Extensions.Options;
using Pipeline.Search;
using Pipeline.Storage;
using Pipeline.Vision;

namespace Pipeline.Dashboard.Search;

/// <summary>What every query may say: the model, how many hits, the weakest score worth showing, and the scope.</summary>
public record QueryOptions
{
    public string? Model { get; init; }
    public int K { get; init; } = 20;
    public float? Threshold { get; init; }
    public Guid? Job { get; init; }
    public bool KeptOnly { get; init; }
}

public sealed record TextQuery : QueryOptions
{
    public string Text { get; init; } = "";
}

public sealed record SimilarQuery : QueryOptions
{
    /// <summary>A region id, or an image id (its whole-page region).</summary>
    public Guid Id { get; init; }
}

public sealed record MultiQuery : QueryOptions
{
    public Guid[] Ids { get; init; } = [];
    public MultiImageMode Mode { get; init; } = MultiImageMode.Cv;
    public int Dimensions { get; init; } = MultiImageQuery.DefaultDimensions;
}

/// <summary>What an exact in-memory scan cost, stated with its result.</summary>
public sealed record ScanCost(int Scanned, int Dimensions, double Milliseconds);

public sealed record SearchResponse(string Model, string Method, IReadOnlyList<StoredHit> Hits, ScanCost? Cost = null);

/// <summary>The queries behind the HTTP API: text, an uploaded image, a stored item, or several stored items as one.</summary>
public sealed class SearchService(VectorSearch search, VectorCache cache, QueryEncoders encoders, IOptions<SearchOptions> options)
{
    public async Task<SearchResponse> TextAsync(TextQuery q, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q.Text)) throw new SearchRequestException("the text is empty");
        var model = await ModelAsync(q, ct);
        return await NearestAsync(model, encoders.Text(model.Name, q.Text), q, "text", ct);
    }

    public async Task<SearchResponse> ImageAsync(string path, QueryOptions q, CancellationToken ct)
    {
        var model = await ModelAsync(q, ct);
        float[] vector;
        try
        {
            vector = encoders.Image(model.Name, path);
        }
        catch (Exception e) when (ImageBatches.IsBadImage(e))
        {
            throw new SearchRequestException($"the uploaded image cannot be read: {e.Message}");
        }
        return await NearestAsync(model, vector, q, "image", ct);
    }

    public async Task<SearchResponse> SimilarAsync(SimilarQuery q, CancellationToken ct)
    {
        var model = await ModelAsync(q, ct);
        return await NearestAsync(model, await StoredAsync(model, q.Id, ct), q, "similar", ct);
    }

    public async Task<SearchResponse> MultiAsync(MultiQuery q, CancellationToken ct)
    {
        var model = await ModelAsync(q, ct);
        if (q.Ids.Length == 0) throw new SearchRequestException("a multi-image query needs at least one image or region id");
        if (q.Mode == MultiImageMode.Cv && (q.Dimensions < 1 || q.Dimensions > model.Dimensions))
            throw new SearchRequestException($"dimensions must be between 1 and {model.Dimensions} for {model.Name}");
        var vectors = new List<float[]>();
        foreach (var id in q.Ids) vectors.Add(await StoredAsync(model, id, ct));
        var query = MultiImageQuery.Build(vectors, q.Mode, q.Dimensions);
        var matrix = await cache.GetAsync(model, new SearchScope(q.Job, q.KeptOnly), ct);
        var scan = query.Search(matrix, q.K, q.Threshold ?? float.NegativeInfinity);
        var hits = await search.DescribeAsync(scan.Hits.Select(h => (h.Id, h.Score)).ToList(), ct);
        return new SearchResponse(model.Name, $"multi-{q.Mode.ToString().ToLowerInvariant()}", hits,
            new ScanCost(scan.Scanned, scan.DimensionsUsed, Math.Round(scan.Milliseconds, 2)));
    }

    private async Task<SearchResponse> NearestAsync(SearchModel model, float[] vector, QueryOptions q, string method, CancellationToken ct)
    {
        var hits = await search.NearestAsync(model, vector, q.K, new SearchScope(q.Job, q.KeptOnly), q.Threshold ?? float.NegativeInfinity, ct);
        return new SearchResponse(model.Name, method, hits);
    }

    private async Task<float[]> StoredAsync(SearchModel model, Guid id, CancellationToken ct) =>
        await search.VectorOfAsync(model, id, ct) ?? throw new SearchRequestException($"no stored {model.Name} vector for region or image {id}");

    /// <summary>Checks what every query says, then finds its model.</summary>
    private async Task<SearchModel> ModelAsync(QueryOptions q, CancellationToken ct)
    {
        if (q.K is < 1 or > VectorSearch.MaxK) throw new SearchRequestException($"k must be between 1 and {VectorSearch.MaxK}, not {q.K}");
        var name = q.Model ?? options.Value.DefaultModel;
        return await search.ModelAsync(name, ct) ?? throw new SearchRequestException($"no vectors for model '{name}'");
    }
}
