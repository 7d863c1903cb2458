using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Inference;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Dashboard.Curation;

/// <summary>
/// Keep / exclude labels for the noise filter, where each model's filter stands, and the long jobs (train, apply, run an
/// adapter) that workers carry out as tasks.
/// </summary>
public static class CurationEndpoints
{
    public sealed record LabelRequest(Guid[] Ids, bool Keep);

    public sealed record FilterStatus(Guid Id, DateTimeOffset CreatedAt, int Labels, double WeightedF1, long AppliedUpTo, long Kept, long Excluded)
    {
        public static FilterStatus Of(NoiseFilter f) => new(f.Id, f.CreatedAt, f.LabelCount, f.WeightedF1, f.AppliedUpTo, f.KeptCount, f.ExcludedCount);
    }

    public sealed record TrainRequest(int Trees = TrainNoiseFilter.DefaultTrees, int Seed = 0);

    public sealed record ApplyRequest(Guid? Filter = null, int BatchSize = ApplyNoiseFilter.DefaultBatchSize);

    public sealed record AdapterRequest(string Adapter, string From, string To, int BatchSize = ApplyAdapter.DefaultBatchSize);

    public static IEndpointRouteBuilder MapCurationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/curation").DisableAntiforgery();
        api.MapPost("/labels", async (LabelRequest request, CurationStore store, CancellationToken ct) =>
        {
            if (request.Ids is not { Length: > 0 and <= 10_000 })
                return BadRequest("give between 1 and 10000 region or image ids");
            var labelled = await store.LabelAsync(request.Ids.Select(id => (id.ToString(), request.Keep)).ToList(), ct);
            return Results.Ok(new { labelled });
        });
        api.MapGet("/filter/{model}", async (string model, VectorSearch search, CurationStore store, CancellationToken ct) =>
        {
            var found = await search.ModelAsync(model, ct);
            if (found is null) return UnknownModel(model);
            return await store.FilterAsync(found.Id, null, ct) is { } f
                ? Results.Ok(FilterStatus.Of(f))
                : Results.Problem($"no noise filter for {model} yet: POST /api/curation/filter/{model}/train", statusCode: StatusCodes.Status404NotFound);
        });
        api.MapPost("/filter/{model}/train", async (string model, TrainRequest? request, VectorSearch search, CurationTasks requests, TaskStore tasks,
            CancellationToken ct) =>
        {
            request ??= new TrainRequest();
            if (await search.ModelAsync(model, ct) is null) return UnknownModel(model);
            if (request.Trees is < 1 or > 1000) return BadRequest("trees must be between 1 and 1000");
            return await TaskEndpoints.AcceptedAsync(await requests.TrainAsync(model, request.Trees, request.Seed, ct), tasks, ct);
        });
        api.MapPost("/filter/{model}/apply", async (string model, ApplyRequest? request, VectorSearch search, CurationTasks requests, TaskStore tasks,
            CancellationToken ct) =>
        {
            request ??= new ApplyRequest();
            if (await search.ModelAsync(model, ct) is null) return UnknownModel(model);
            if (request.BatchSize is < 1 or > 1_000_000) return BadRequest("batchSize must be between 1 and 1000000");
            return await TaskEndpoints.AcceptedAsync(await requests.ApplyAsync(model, request.Filter, request.BatchSize, ct), tasks, ct);
        });
        app.MapPost("/api/adapters", async (AdapterRequest request, VectorSearch search, IOptions<InferenceOptions> inference, CurationTasks requests,
            TaskStore tasks, CancellationToken ct) =>
        {
            if (await search.ModelAsync(request.From, ct) is null) return UnknownModel(request.From);
            if (string.IsNullOrWhiteSpace(request.To) || request.To == request.From) return BadRequest("'to' must name a new model, not the source");
            if (request.BatchSize is < 1 or > 1_000_000) return BadRequest("batchSize must be between 1 and 1000000");
            try
            {
                inference.Value.FileInModels(request.Adapter);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException)
            {
                return BadRequest(e.Message);
            }
            return await TaskEndpoints.AcceptedAsync(await requests.AdapterAsync(request.Adapter, request.From, request.To, request.BatchSize, ct), tasks, ct);
        }).DisableAntiforgery();
        return app;
    }

    private static IResult BadRequest(string reason) => Results.Problem(reason, statusCode: StatusCodes.Status400BadRequest);

    private static IResult UnknownModel(string model) => Results.Problem($"no vectors for model '{model}'", statusCode: StatusCodes.Status404NotFound);
}
