using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Pipeline.Vision;

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
        [FromForm] Guid? job, [FromForm] bool? keptOnly, SearchService search, IOptions<SearchOptions> options, CancellationToken ct)
    {
        if (file is null || file.Length == 0) throw new SearchRequestException("upload the query image as the form field 'file'");
        if (file.Length > options.Value.MaxUploadBytes)
            throw new SearchRequestException($"the upload is {file.Length} bytes; the limit is {options.Value.MaxUploadBytes} (Search:MaxUploadBytes)");
        var path = Path.Combine(Path.GetTempPath(), $"pipeline-query-{Guid.NewGuid():N}");
        try
        {
            await using (var target = File.Create(path)) await file.CopyToAsync(target, ct);
            // The header decides, not the name: an image format this pipeline reads, within the pixel limit.
            try
            {
                new ImageProbe().Identify(path);
            }
            catch (ImageRejectedException e)
            {
                throw new SearchRequestException($"'{file.FileName}' is refused: {e.Message}");
            }
            var q = new QueryOptions { Model = model, K = k ?? 20, Threshold = threshold, Job = job, KeptOnly = keptOnly ?? false };
            return await search.ImageAsync(path, q, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
