using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Inference;
using Pipeline.Inference.Embedding;
using Pipeline.Storage;

namespace Pipeline.Embed.Worker.Consumers;

/// <summary>
/// Stores V' = A(V) for every vector of a model as a new model, in id order, one transaction per batch, without
/// touching the images. A request redelivered after the worker died (or sent again after new vectors arrived) carries
/// on after the last stored vector; the new model's HNSW index is built once at the end.
/// </summary>
public sealed class ApplyAdapterConsumer(TaskStore tasks, EmbeddingStore models, IOptions<InferenceOptions> inference, ILogger<ApplyAdapterConsumer> logger)
    : IConsumer<ApplyAdapter>
{
    public Task Consume(ConsumeContext<ApplyAdapter> context)
    {
        var request = context.Message;
        var ct = context.CancellationToken;
        return tasks.RunAsync(request.TaskId, ApplyAdapter.Kind, ApplyAdapter.Subject(request.SourceModel, request.TargetModel), async () =>
        {
            if (request.BatchSize is < 1 or > 1_000_000) throw new ArgumentException($"batch size {request.BatchSize} is not in 1..1000000");
            var source = await models.FindModelAsync(request.SourceModel, ct) ?? throw new InvalidOperationException($"no vectors for model '{request.SourceModel}'");
            using var adapter = new VectorAdapter(inference.Value.FileInModels(request.Adapter), inference.Value, logger);
            var first = await models.NextBatchAsync(source, 0, 1, ct);
            if (first.Count == 0) throw new InvalidOperationException($"{request.SourceModel} has no vectors");
            if (first.Dimensions != adapter.InputDimensions)
                throw new InvalidOperationException($"the adapter takes {adapter.InputDimensions}-d vectors; {request.SourceModel} has {first.Dimensions}-d");
            int outputs = adapter.OutputDimensions ?? adapter.Apply(first.Data, 1)[0].Length;
            var target = await models.RegisterModelAsync(request.TargetModel, outputs, ct);
            var cursor = await models.DerivedUpToAsync(source, target, ct);
            var resumed = cursor > 0 ? $"resumed after source vector {cursor}; " : "";
            var started = Stopwatch.GetTimestamp();
            long done = 0;
            while (await models.NextBatchAsync(source, cursor, request.BatchSize, ct) is { Count: > 0 } next)
            {
                await models.AddDerivedAsync(target, next.Ids, adapter.Apply(next.Data, next.Count), ct);
                cursor = next.Ids[^1];
                done += next.Count;
                await tasks.ReportAsync(request.TaskId, done,
                    $"{resumed}{done} vectors, up to id {cursor}, {done / Stopwatch.GetElapsedTime(started).TotalSeconds:F0}/s", ct);
            }
            await tasks.ReportAsync(request.TaskId, done, $"indexing {request.TargetModel}", ct);
            await models.EnsureModelAsync(request.TargetModel, outputs, ct);
            return $"{request.TargetModel}: {resumed}{done} new {outputs}-d vectors from {request.SourceModel}";
        }, ct);
    }
}
