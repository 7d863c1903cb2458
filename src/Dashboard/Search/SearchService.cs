using Microsoft.Extensions.Options;
using System.Numerics.Tensors;
using Pipeline.Curation;
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

/// <summary>
/// A round of relevance feedback: the original query (text, a stored item, or several), the results marked relevant
/// and not relevant so far, and how many random items of the collection to add as further negatives.
/// </summary>
public sealed record FeedbackQuery : QueryOptions
{
    public string? Text { get; init; }
    public Guid? Id { get; init; }
    public Guid[] Ids { get; init; } = [];
    public MultiImageMode Mode { get; init; } = MultiImageMode.Cv;
    public int Dimensions { get; init; } = MultiImageQuery.DefaultDimensions;
    public Guid[] Relevant { get; init; } = [];
    public Guid[] Irrelevant { get; init; } = [];
    public int Negatives { get; init; } = 200;
    public int Seed { get; init; }
}

/// <summary>A walk from one stored item to another through the k-nearest-neighbour graph of the collection.</summary>
public sealed record PathQuery : QueryOptions
{
    public Guid From { get; init; }
    public Guid To { get; init; }
    /// <summary>Neighbours per item in the graph (5 in the research).</summary>
    public int Neighbours { get; init; } = 5;
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

    /// <summary>
    /// An uploaded query image, from the API or the page: size-limited (Search:MaxUploadBytes), held in a temporary
    /// file only while it is embedded, and accepted by its header, not its name.
    /// </summary>
    public async Task<SearchResponse> UploadAsync(Stream content, long length, string fileName, QueryOptions q, CancellationToken ct)
    {
        if (length == 0) throw new SearchRequestException("the upload is empty");
        if (length > options.Value.MaxUploadBytes)
            throw new SearchRequestException($"the upload is {length} bytes; the limit is {options.Value.MaxUploadBytes} (Search:MaxUploadBytes)");
        var path = Path.Combine(Path.GetTempPath(), $"pipeline-query-{Guid.NewGuid():N}");
        try
        {
            await using (var target = File.Create(path)) await content.CopyToAsync(target, ct);
            try
            {
                new ImageProbe().Identify(path);
            }
            catch (ImageRejectedException e)
            {
                throw new SearchRequestException($"'{fileName}' is refused: {e.Message}");
            }
            return await ImageAsync(path, q, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<SearchResponse> ImageAsync(string path, QueryOptions q, CancellationToken ct)
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
        var query = MultiImageQuery.Build((await StoredAsync(model, q.Ids, ct)).Select(v => v.Vector).ToList(), q.Mode, q.Dimensions);
        var matrix = await cache.GetAsync(model, new SearchScope(q.Job, q.KeptOnly), ct);
        return await ScannedAsync(model, $"multi-{q.Mode.ToString().ToLowerInvariant()}", query.Search(matrix, q.K, q.Threshold ?? float.NegativeInfinity), ct);
    }

    /// <summary>
    /// Trains a forest on the marked results (plus random negatives from the collection), keeps what it accepts, and
    /// runs the original query again over only those, exactly. Marked-irrelevant items never come back.
    /// </summary>
    public async Task<SearchResponse> FeedbackAsync(FeedbackQuery q, CancellationToken ct)
    {
        var model = await ModelAsync(q, ct);
        if (q.Relevant.Length == 0) throw new SearchRequestException("mark at least one result relevant");
        if (q.Negatives is < 0 or > 100_000) throw new SearchRequestException("negatives must be between 0 and 100000");
        var (query, dimensions) = await OriginalQueryAsync(model, q, ct);
        var relevant = await StoredAsync(model, q.Relevant, ct);
        var irrelevant = await StoredAsync(model, q.Irrelevant, ct);
        var matrix = await cache.GetAsync(model, new SearchScope(q.Job, q.KeptOnly), ct);

        var marked = relevant.Concat(irrelevant).Select(v => v.EmbeddingId).ToHashSet();
        var random = new Random(q.Seed);
        var negatives = Enumerable.Range(0, matrix.Count).Where(i => !marked.Contains(matrix.Ids[i])).OrderBy(_ => random.Next())
            .Take(q.Negatives).Select(i => matrix.Row(i).ToArray());
        var training = relevant.Select(v => (v.Vector, true)).Concat(irrelevant.Select(v => (v.Vector, false))).Concat(negatives.Select(v => (v, false))).ToList();
        if (training.All(t => t.Item2)) throw new SearchRequestException("mark a result irrelevant or allow random negatives: the forest needs both answers");
        var forest = ForestClassifier.Train(training.Select(t => t.Item1).ToList(), training.Select(t => t.Item2).ToList(), new ForestOptions { Seed = q.Seed });

        var excluded = irrelevant.Select(v => v.EmbeddingId).ToHashSet();
        var kept = forest.Decide(matrix.Data, matrix.Count);
        var include = Enumerable.Range(0, matrix.Count).Select(i => kept[i] && !excluded.Contains(matrix.Ids[i])).ToArray();
        return await ScannedAsync(model, "feedback", ExactScan.Search(matrix, query, dimensions, q.K, q.Threshold ?? float.NegativeInfinity, include), ct);
    }

    /// <summary>An exact scan's hits described for the answer, with what the scan cost.</summary>
    private async Task<SearchResponse> ScannedAsync(SearchModel model, string method, ScanResult scan, CancellationToken ct)
    {
        var hits = await search.DescribeAsync(scan.Hits.Select(h => (h.Id, h.Score)).ToList(), ct);
        return new SearchResponse(model.Name, method, hits, new ScanCost(scan.Scanned, scan.DimensionsUsed, Math.Round(scan.Milliseconds, 2)));
    }

    /// <summary>
    /// The shortest path from one item to another through the collection's k-nearest-neighbour graph ("style
    /// morphing"); each hit's score is its similarity to the step before it. The graph is built once per collection state.
    /// </summary>
    public async Task<SearchResponse> PathAsync(PathQuery q, CancellationToken ct)
    {
        var model = await ModelAsync(q, ct);
        if (q.Neighbours is < 1 or > 100) throw new SearchRequestException("neighbours must be between 1 and 100");
        var (from, _) = (await StoredAsync(model, [q.From], ct))[0];
        var (to, _) = (await StoredAsync(model, [q.To], ct))[0];
        var matrix = await cache.GetAsync(model, new SearchScope(q.Job, q.KeptOnly), ct);
        if (q.Neighbours >= matrix.Count) throw new SearchRequestException($"neighbours must be below the collection's {matrix.Count} items");
        int a = Array.IndexOf(matrix.Ids, from), b = Array.IndexOf(matrix.Ids, to);
        if (a < 0 || b < 0)
            throw new SearchRequestException("both ends must be in the searched collection (check job and kept-only)");
        var graph = await cache.NeighboursAsync(matrix, q.Neighbours, ct);
        var path = NeighbourPath.Find(graph.Indices, graph.Distances, graph.Count, graph.K, a, b)
            ?? throw new SearchRequestException($"no path joins them in the {q.Neighbours}-nearest-neighbour graph; try more neighbours");
        var steps = path.Select((r, i) => (matrix.Ids[r], i == 0 ? 1f : TensorPrimitives.Dot(matrix.Row(r), matrix.Row(path[i - 1])))).ToList();
        return new SearchResponse(model.Name, "path", await search.DescribeAsync(steps, ct));
    }

    /// <summary>The query vector a feedback round repeats, and the dimensions it is given in (null: all).</summary>
    private async Task<(float[] Vector, int[]? Dimensions)> OriginalQueryAsync(SearchModel model, FeedbackQuery q, CancellationToken ct)
    {
        if (q.Text is { } text && !string.IsNullOrWhiteSpace(text)) return (encoders.Text(model.Name, text), null);
        if (q.Id is { } id) return (await StoredAsync(model, id, ct), null);
        if (q.Ids.Length == 0) throw new SearchRequestException("repeat the original query: give text, id or ids");
        var multi = MultiImageQuery.Build((await StoredAsync(model, q.Ids, ct)).Select(v => v.Vector).ToList(), q.Mode, q.Dimensions);
        return (multi.Vector, multi.Dimensions);
    }

    private async Task<List<(long EmbeddingId, float[] Vector)>> StoredAsync(SearchModel model, Guid[] ids, CancellationToken ct)
    {
        var found = new List<(long, float[])>();
        foreach (var id in ids)
            found.Add(await search.StoredVectorAsync(model, id, ct) ?? throw new SearchRequestException($"no stored {model.Name} vector for region or image {id}"));
        return found;
    }

    private async Task<SearchResponse> NearestAsync(SearchModel model, float[] vector, QueryOptions q, string method, CancellationToken ct)
    {
        var hits = await search.NearestAsync(model, vector, q.K, new SearchScope(q.Job, q.KeptOnly), q.Threshold ?? float.NegativeInfinity, ct,
            options.Value.HnswEfSearch);
        return new SearchResponse(model.Name, method, hits);
    }

    private async Task<float[]> StoredAsync(SearchModel model, Guid id, CancellationToken ct) =>
        (await StoredAsync(model, [id], ct))[0].Vector;

    /// <summary>Checks what every query says, then finds its model.</summary>
    private async Task<SearchModel> ModelAsync(QueryOptions q, CancellationToken ct)
    {
        if (q.K is < 1 or > VectorSearch.MaxK) throw new SearchRequestException($"k must be between 1 and {VectorSearch.MaxK}, not {q.K}");
        var name = q.Model ?? options.Value.DefaultModel;
        return await search.ModelAsync(name, ct) ?? throw new SearchRequestException($"no vectors for model '{name}'");
    }
}
