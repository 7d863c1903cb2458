using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Dashboard.Curation;

/// <summary>Keep / exclude labels for the noise filter from the UI, and where each model's filter stands.</summary>
public static class CurationEndpoints
{
    public sealed record LabelRequest(Guid[] Ids, bool Keep);

    public sealed record FilterStatus(Guid Id, DateTimeOffset CreatedAt, int Labels, double WeightedF1, long AppliedUpTo, long Kept, long Excluded)
    {
        public static FilterStatus Of(NoiseFilter f) => new(f.Id, f.CreatedAt, f.LabelCount, f.WeightedF1, f.AppliedUpTo, f.KeptCount, f.ExcludedCount);
    }

    public static IEndpointRouteBuilder MapCurationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/curation").DisableAntiforgery();
        // Training and applying a filter are long jobs: `pipeline noise train|apply` runs them; the API records and reports.
        api.MapPost("/labels", async (LabelRequest request, CurationStore store, CancellationToken ct) =>
        {
            if (request.Ids is not { Length: > 0 and <= 10_000 })
                return Results.Problem("give between 1 and 10000 region or image ids", statusCode: StatusCodes.Status400BadRequest);
            var labelled = await store.LabelAsync(request.Ids.Select(id => (id.ToString(), request.Keep)).ToList(), ct);
            return Results.Ok(new { labelled });
        });
        api.MapGet("/filter/{model}", async (string model, VectorSearch search, CurationStore store, CancellationToken ct) =>
        {
            var found = await search.ModelAsync(model, ct);
            if (found is null) return Results.Problem($"no vectors for model '{model}'", statusCode: StatusCodes.Status404NotFound);
            return await store.FilterAsync(found.Id, null, ct) is { } f
                ? Results.Ok(FilterStatus.Of(f))
                : Results.Problem($"no noise filter for {model} yet: `pipeline noise train --model {model}`", statusCode: StatusCodes.Status404NotFound);
        });
        return app;
    }
}
