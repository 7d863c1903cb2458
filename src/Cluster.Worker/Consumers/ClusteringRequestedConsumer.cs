using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Pipeline.Clustering;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Cluster.Worker.Consumers;

/// <summary>
/// Runs one clustering request over a snapshot (optionally PCA-reduced first), stores every assignment, and scores
/// the run when the snapshot has ground-truth labels. Phase and progress go to the run's row; a cancel request
/// stops it between steps of the algorithm.
/// </summary>
public sealed class ClusteringRequestedConsumer(
    ClusterStore runs, SnapshotStore snapshots, SnapshotLabels labels, EmbeddingStore models, ILogger<ClusteringRequestedConsumer> logger)
    : IConsumer<ClusteringRequested>
{
    public async Task Consume(ConsumeContext<ClusteringRequested> context)
    {
        var request = context.Message;
        var ct = context.CancellationToken;
        await runs.RequestAsync(request.RunId, request.Algorithm, JsonSerializer.Serialize(request.Parameters), request.Seed, ct);
        var snapshotId = request.SnapshotId ?? Guid.Empty;
        await using var monitor = new RunMonitor(runs, request.RunId, TimeSpan.FromSeconds(1), ct);
        try
        {
            var plan = ClusteringParameters.Bind(request.Algorithm, request.Parameters, request.Seed);
            var snapshot = await SnapshotAsync(request, ct);
            snapshotId = snapshot.Id;
            if (await runs.StartAsync(request.RunId, snapshot.Id, ct))
            {
                await EndAsync(context, snapshotId, RunStatus.Cancelled, "cancelled before it started");
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var vectors = await snapshots.ReadAsync(snapshot, monitor.Token, monitor);
            if (vectors.Count == 0) throw new InvalidOperationException($"snapshot {snapshot.Name} holds no vectors");
            var (data, dim) = Reduction.Apply(plan, vectors, request.Seed, monitor);
            monitor.Phase("clustering");
            var result = plan.Fit(data, vectors.Count, dim, monitor, monitor.Token);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var map = Reduction.Map(vectors, request.Seed, monitor);
            monitor.Phase("writing");
            await runs.CompleteAsync(request.RunId, vectors.EmbeddingIds, new RunResult(result.Labels, result.Probabilities, result.OutlierScores,
                ExemplarFlags(result), map, result.ClusterCount, seconds), ct);
            if (GroundTruth.Score(await labels.ReadAsync(snapshot.Id, ct), vectors.EmbeddingIds, result.Labels) is { } scores)
                await runs.SaveScoresAsync(request.RunId, JsonSerializer.Serialize(scores), ct);
            logger.LogInformation("Run {RunId}: {Algorithm} on {Count} vectors gave {Clusters} clusters, {Noise} noise in {Seconds:F2}s",
                request.RunId, request.Algorithm, vectors.Count, result.ClusterCount, result.NoiseCount, seconds);
            await context.Publish(new ClusteringCompleted
            {
                RunId = request.RunId, SnapshotId = snapshot.Id, Succeeded = true, ClusterCount = result.ClusterCount,
                NoiseCount = result.NoiseCount, PointCount = vectors.Count, Seconds = seconds,
            }, ct);
        }
        catch (OperationCanceledException) when (monitor.CancelRequested)
        {
            logger.LogInformation("Run {RunId} cancelled on request", request.RunId);
            await EndAsync(context, snapshotId, RunStatus.Cancelled, "cancelled on request");
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            // A bad request fails the run with its reason instead of retrying forever.
            logger.LogWarning("Run {RunId} failed: {Reason}", request.RunId, e.Message);
            await EndAsync(context, snapshotId, RunStatus.Failed, e.Message);
        }
    }

    private static bool[]? ExemplarFlags(ClusteringResult result)
    {
        if (result.Exemplars is null) return null;
        var flags = new bool[result.Labels.Length];
        foreach (var row in result.Exemplars.SelectMany(rows => rows)) flags[row] = true;
        return flags;
    }

    private async Task<Snapshot> SnapshotAsync(ClusteringRequested request, CancellationToken ct) => request.SnapshotId is { } id
        ? await snapshots.FindAsync(id, ct) ?? throw new InvalidOperationException($"snapshot {id} does not exist")
        : await snapshots.CreateAsync(
            await models.FindModelAsync(request.Model, ct) ?? throw new InvalidOperationException($"no vectors for model '{request.Model}'"),
            request.JobId, null, ct);

    private async Task EndAsync(ConsumeContext<ClusteringRequested> context, Guid snapshotId, RunStatus status, string reason)
    {
        await runs.EndAsync(context.Message.RunId, status, reason, context.CancellationToken);
        await context.Publish(new ClusteringCompleted { RunId = context.Message.RunId, SnapshotId = snapshotId, Succeeded = false, Error = reason },
            context.CancellationToken);
    }
}
