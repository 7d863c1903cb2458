using Pipeline.Dashboard.Search;
using Pipeline.Search;

namespace Pipeline.Dashboard.Components.Search;

/// <summary>The search page's inputs, bound by its form fields; the service checks the values and says what is wrong.</summary>
public sealed class SearchForm
{
    public const int MinDimensions = 64;
    public const int MaxDimensions = 256;

    public string? Model { get; set; }
    public int K { get; set; } = 20;
    public float? Threshold { get; set; }
    public Guid? Job { get; set; }
    public bool KeptOnly { get; set; }
    public string Text { get; set; } = "";
    public string LikeId { get; set; } = "";
    public MultiImageMode Mode { get; set; } = MultiImageMode.Cv;
    public int Dimensions { get; set; } = MultiImageQuery.DefaultDimensions;
    public int Neighbours { get; set; } = 5;

    /// <summary>The query with this form's model, k, threshold and scope (a record copy keeps its own kind and fields).</summary>
    public T Scoped<T>(T query) where T : QueryOptions =>
        (T)((QueryOptions)query with { Model = Model, K = K, Threshold = Threshold, Job = Job, KeptOnly = KeptOnly });

    /// <summary>The text query, and the same query as a feedback round repeats it.</summary>
    public (TextQuery Query, FeedbackQuery Origin) TextQuery() =>
        (Scoped(new TextQuery { Text = Text }), Scoped(new FeedbackQuery { Text = Text }));

    /// <summary>"More like" the id typed in, or the reason it is not an id.</summary>
    public (SimilarQuery Query, FeedbackQuery Origin) SimilarQuery()
    {
        if (!Guid.TryParse(LikeId.Trim(), out var id))
            throw new SearchRequestException($"'{LikeId}' is not a region or image id (a GUID such as {Guid.Empty})");
        return (Scoped(new SimilarQuery { Id = id }), Scoped(new FeedbackQuery { Id = id }));
    }

    /// <summary>The picked images as one query; the page offers d from 64 to 256, the range the research tried.</summary>
    public (MultiQuery Query, FeedbackQuery Origin) MultiQuery(IEnumerable<Guid> ids)
    {
        if (Mode == MultiImageMode.Cv && Dimensions is < MinDimensions or > MaxDimensions)
            throw new SearchRequestException($"d must be between {MinDimensions} and {MaxDimensions}, not {Dimensions}");
        Guid[] picked = [.. ids];
        return (Scoped(new MultiQuery { Ids = picked, Mode = Mode, Dimensions = Dimensions }),
            Scoped(new FeedbackQuery { Ids = picked, Mode = Mode, Dimensions = Dimensions }));
    }

    public PathQuery PathQuery(Guid from, Guid to) => Scoped(new PathQuery { From = from, To = to, Neighbours = Neighbours });
}
