using MassTransit;
using Pipeline.Contracts;
using Pipeline.Curation;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Cluster.Worker.Consumers;

/// <summary>Trains a model's noise filter on the keep / exclude labels so far and stores it with its 5-fold weighted F1.</summary>
public sealed class TrainNoiseFilterConsumer(TaskStore tasks, CurationStore curation, EmbeddingStore models) : IConsumer<TrainNoiseFilter>
{
    public Task Consume(ConsumeContext<TrainNoiseFilter> context)
    {
        var request = context.Message;
        var ct = context.CancellationToken;
        return tasks.RunAsync(request.TaskId, TrainNoiseFilter.Kind, request.Model, async () =>
        {
            var modelId = await models.FindModelAsync(request.Model, ct) ?? throw new InvalidOperationException($"no vectors for model '{request.Model}'");
            var (vectors, keep) = await curation.TrainingSetAsync(modelId, ct);
            await tasks.ReportAsync(request.TaskId, 0, $"cross-validating on {vectors.Count} labels", ct);
            var options = new ForestOptions { Trees = request.Trees, Seed = request.Seed };
            var cv = CrossValidation.Run(vectors, keep, options);
            var filter = new NoiseFilter
            {
                Id = Guid.NewGuid(), ModelId = modelId, CreatedAt = DateTimeOffset.UtcNow, LabelCount = vectors.Count, WeightedF1 = cv.WeightedF1,
                Forest = ForestClassifier.Train(vectors, keep, options).Save(),
            };
            await curation.SaveFilterAsync(filter, ct);
            return $"filter {filter.Id}: {vectors.Count} labels ({keep.Count(k => k)} keep), 5-fold weighted F1 {cv.WeightedF1:F4} " +
                   $"(folds {string.Join(" ", cv.FoldF1.Select(f => f.ToString("F3")))})";
        }, ct);
    }
}
