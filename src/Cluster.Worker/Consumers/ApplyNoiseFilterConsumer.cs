using System.Diagnostics;
using MassTransit;
using Pipeline.Contracts;
using Pipeline.Curation;
using Pipeline.Storage;

namespace Pipeline.Cluster.Worker.Consumers;

/// <summary>
/// Decides keep or exclude for every vector of a model with its noise filter, one committed batch at a time. A request
/// redelivered after the worker died resumes after the last committed batch.
/// </summary>
public sealed class ApplyNoiseFilterConsumer(TaskStore tasks, CurationStore curation, EmbeddingStore models) : IConsumer<ApplyNoiseFilter>
{
    public Task Consume(ConsumeContext<ApplyNoiseFilter> context)
    {
        var request = context.Message;
        var ct = context.CancellationToken;
        return tasks.RunAsync(request.TaskId, ApplyNoiseFilter.Kind, request.Model, async () =>
        {
            if (request.BatchSize is < 1 or > 1_000_000) throw new ArgumentException($"batch size {request.BatchSize} is not in 1..1000000");
            var modelId = await models.FindModelAsync(request.Model, ct) ?? throw new InvalidOperationException($"no vectors for model '{request.Model}'");
            var filter = await curation.FilterAsync(modelId, request.FilterId, ct)
                ?? throw new InvalidOperationException($"no noise filter for {request.Model}: train one first");
            var forest = ForestClassifier.Load(filter.Forest);
            var resumed = filter.AppliedUpTo > 0 ? $"resumed after vector {filter.AppliedUpTo}; " : "";
            var started = Stopwatch.GetTimestamp();
            var done = await curation.ApplyAsync(filter, forest.Decide, request.BatchSize,
                (done, cursor) => tasks.ReportAsync(request.TaskId, done,
                    $"{resumed}{done} vectors, up to id {cursor}, {done / Stopwatch.GetElapsedTime(started).TotalSeconds:F0}/s", ct), ct);
            var final = (await curation.FilterAsync(modelId, filter.Id, ct))!;
            return $"filter {filter.Id} applied: {resumed}{done} vectors decided now, {final.KeptCount} kept, {final.ExcludedCount} excluded in all";
        }, ct);
    }
}
