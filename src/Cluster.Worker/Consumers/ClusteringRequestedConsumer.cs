using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Cluster.Worker.Consumers;

/// <summary>Runs one clustering request over a snapshot and stores every assignment.</summary>
public sealed class ClusteringRequestedConsumer(
    ClusterStore runs, SnapshotStore snapshots, EmbeddingStore models, ILogger<ClusteringRequestedConsumer> logger)
    : IConsumer<ClusteringRequested>
{
    public async Task Consume(ConsumeContext<ClusteringRequested> context)
    {
        var request = context.Message;
        var ct = context.CancellationToken;
        await runs.RequestAsync(request.RunId, request.Algorithm, JsonSerializer.Serialize(request.Parameters), request.Seed, ct);
        var snapshotId = request.SnapshotId ?? Guid.Empty;
        try
        {
            var algorithm = ClusteringParameters.Bind(request.Algorithm, request.Parameters, request.Seed);
            var snapshot = request.SnapshotId is { } id
                ? await snapshots.FindAsync(id, ct) ?? throw new InvalidOperationException($"snapshot {id} does not exist")
                : await snapshots.CreateAsync(
                    await models.FindModelAsync(request.Model, ct) ?? throw new InvalidOperationException($"no vectors for model '{request.Model}'"),
                    request.JobId, null, ct);
            snapshotId = snapshot.Id;
            await runs.StartAsync(request.RunId, snapshot.Id, ct);

            var started = Stopwatch.GetTimestamp();
            var vectors = await snapshots.ReadAsync(snapshot, ct);
            if (vectors.Count == 0) throw new InvalidOperationException($"snapshot {snapshot.Name} holds no vectors");
            var result = algorithm(vectors.Data, vectors.Count, vectors.Dimensions, new Progress<double>(), ct);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await runs.CompleteAsync(request.RunId, vectors.EmbeddingIds, result.Labels, result.Probabilities, result.ClusterCount, seconds, ct);
            logger.LogInformation("Run {RunId}: {Algorithm} on {Count} vectors gave {Clusters} clusters, {Noise} noise in {Seconds:F2}s",
                request.RunId, request.Algorithm, vectors.Count, result.ClusterCount, result.NoiseCount, seconds);
            await context.Publish(new ClusteringCompleted
            {
                RunId = request.RunId, SnapshotId = snapshot.Id, Succeeded = true, ClusterCount = result.ClusterCount,
                NoiseCount = result.NoiseCount, PointCount = vectors.Count, Seconds = seconds,
            }, ct);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            // A bad request fails the run with its reason instead of retrying forever.
            logger.LogWarning("Run {RunId} failed: {Reason}", request.RunId, e.Message);
            await runs.FailAsync(request.RunId, e.Message, ct);
            await context.Publish(new ClusteringCompleted { RunId = request.RunId, SnapshotId = snapshotId, Succeeded = false, Error = e.Message }, ct);
        }
    }
}
