using Pipeline.Dashboard.Search;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Components.Search;

/// <summary>One query's answer as the page shows it, with what the page itself measured.</summary>
public sealed record ShownResults(SearchResponse Response, double Milliseconds, int Round)
{
    /// <summary>What the query cost: the page's wall-clock time, and the exact scan's own figures when the service ran one.</summary>
    public string Summary =>
        $"{Response.Hits.Count} results from {Response.Model} ({Response.Method}{(Round > 0 ? $", round {Round}" : "")}) in {Milliseconds:F0} ms"
        + (Response.Cost is { } c
            ? $"; exact scan of {c.Scanned} vectors on {c.Dimensions} dimensions took {c.Milliseconds:F1} ms"
            : Response.Method == "path" ? "" : "; HNSW index, re-ranked exactly");
}

/// <summary>
/// What the search page remembers between queries, with no I/O: the results, the images picked for a multi-image or
/// path query (kept across queries, so they can come from several), the relevant / irrelevant marks of the current
/// query (growing round by round until a new query starts) and the noise-filter labels of what is shown.
/// </summary>
public sealed class SearchState
{
    private readonly List<StoredHit> _picked = [];
    private readonly HashSet<Guid> _relevant = [];
    private readonly HashSet<Guid> _irrelevant = [];
    private readonly Dictionary<Guid, bool> _labels = [];
    private FeedbackQuery? _origin;

    public ShownResults? Results { get; private set; }
    public ShownResults? Path { get; private set; }
    public IReadOnlyList<StoredHit> Picked => _picked;
    public IReadOnlyCollection<Guid> Relevant => _relevant;
    public IReadOnlyCollection<Guid> Irrelevant => _irrelevant;

    /// <summary>Why the shown results cannot be refined now, or null when they can.</summary>
    public string? RefineBlocked =>
        Results is null ? "run a query first"
        : _origin is null ? "an uploaded image is not stored, so its query cannot be repeated: refine a text, similar or multi-image query"
        : _relevant.Count == 0 ? "mark at least one result relevant"
        : null;

    /// <summary>A new query's answer: its marks start empty. <paramref name="origin"/> repeats it in a feedback round (null: it cannot be).</summary>
    public void ShowNew(SearchResponse response, double milliseconds, FeedbackQuery? origin)
    {
        _origin = origin;
        _relevant.Clear();
        _irrelevant.Clear();
        Results = new ShownResults(response, milliseconds, 0);
    }

    /// <summary>The next feedback round: the original query with every mark so far; each round draws other random negatives.</summary>
    public FeedbackQuery NextRound()
    {
        if (RefineBlocked is { } reason) throw new InvalidOperationException(reason);
        return _origin! with { Relevant = [.. _relevant], Irrelevant = [.. _irrelevant], Seed = Results!.Round + 1 };
    }

    public void ShowRefined(SearchResponse response, double milliseconds) =>
        Results = new ShownResults(response, milliseconds, (Results?.Round ?? 0) + 1);

    public void ShowPath(SearchResponse response, double milliseconds) => Path = new ShownResults(response, milliseconds, 0);

    public bool IsPicked(Guid regionId) => _picked.Any(p => p.RegionId == regionId);

    public void TogglePick(StoredHit hit)
    {
        if (_picked.RemoveAll(p => p.RegionId == hit.RegionId) == 0) _picked.Add(hit);
    }

    public void ClearPicks() => _picked.Clear();

    /// <summary>True relevant, false irrelevant, null unmarked.</summary>
    public bool? MarkOf(Guid regionId) => _relevant.Contains(regionId) ? true : _irrelevant.Contains(regionId) ? false : null;

    /// <summary>Marks a result relevant or irrelevant; marking it the same way again takes the mark off.</summary>
    public void Mark(Guid regionId, bool relevant)
    {
        var (to, from) = relevant ? (_relevant, _irrelevant) : (_irrelevant, _relevant);
        from.Remove(regionId);
        if (!to.Remove(regionId)) to.Add(regionId);
    }

    /// <summary>True keep, false exclude, null unlabelled.</summary>
    public bool? LabelOf(Guid regionId) => _labels.TryGetValue(regionId, out var keep) ? keep : null;

    public void SetLabels(IReadOnlyDictionary<Guid, bool> labels)
    {
        foreach (var (region, keep) in labels) _labels[region] = keep;
    }
}
