using Microsoft.AspNetCore.Mvc;

namespace Pipeline.Dashboard.Search;

/// <summary>The search HTTP API: POST /api/search/text, /image (multipart), /similar, /multi, /feedback and /path. Problems a caller can fix are 400s with the reason.</summary>
public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/search").DisableAntiforgery().AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (SearchRequestException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Bad search request");
            }
        });
        api.MapPost("/text", (TextQuery q, SearchService s, CancellationToken ct) => s.TextAsync(q, ct));
        api.MapPost("/similar", (SimilarQuery q, SearchService s, CancellationToken ct) => s.SimilarAsync(q, ct));
        api.MapPost("/multi", (MultiQuery q, SearchService s, CancellationToken ct) => s.MultiAsync(q, ct));
        api.MapPost("/feedback", (FeedbackQuery q, SearchService s, CancellationToken ct) => s.FeedbackAsync(q, ct));
        api.MapPost("/path", (PathQuery q, SearchService s, CancellationToken ct) => s.PathAsync(q, ct));
        api.MapPost("/image", ImageAsync);
        return app;
    }

    private static async Task<SearchResponse> ImageAsync(IFormFile? file, [FromForm] string? model, [FromForm] int? k, [FromForm] float? threshold,
        [FromForm] Guid? job, [FromForm] bool? keptOnly, SearchService search, CancellationToken ct)
    {
        if (file is null) throw new SearchRequestException("upload the query image as the form field 'file'");
        var q = new QueryOptions { Model = model, K = k ?? 20, Threshold = threshold, Job = job, KeptOnly = keptOnly ?? false };
        await using var content = file.OpenReadStream();
        return await search.UploadAsync(content, file.Length, file.FileName, q, ct);
    }
}
