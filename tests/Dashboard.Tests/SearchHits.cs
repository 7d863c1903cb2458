using Pipeline.Dashboard.Search;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Tests;

/// <summary>Plain search results for the page's components: no database.</summary>
internal static class SearchHits
{
    public static StoredHit Hit(int n, float score = 0.9f, string? label = null) =>
        new(n, Id(n), Id(100 + n), $"/archive/book/page-{n:000}.jpg", $"/derivatives/{n}.jpg", 10 * n, 5, 120, 80, label, score);

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:000000000000}");

    public static SearchResponse Response(params StoredHit[] hits) => new("tiny-clip", "text", hits);
}
