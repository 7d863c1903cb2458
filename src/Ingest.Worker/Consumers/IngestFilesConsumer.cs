using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Ingest.Worker.BackPressure;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Ingest.Worker.Consumers;

/// <summary>
/// Ingests one slice of a job: files in parallel, then one database round-trip and one batch publish. A slice of a
/// paused job is recorded as Deferred (resume sends it again), of a cancelled job as Cancelled. A slice first waits
/// while Detect or Embed is too far behind (<see cref="DownstreamGate"/>), then looks at its job's state.
/// </summary>
public sealed class IngestFilesConsumer(FileIngestor ingestor, IngestStore store, JobControlStore jobs, IOptions<IngestOptions> options,
    DownstreamGate gate)
    : IConsumer<IngestFiles>
{
    public async Task Consume(ConsumeContext<IngestFiles> context)
    {
        var jobId = context.Message.JobId;
        await gate.WaitAsync(jobId, context.Message.Paths.Count, context.CancellationToken);
        if (await jobs.HoldAsync(jobId, context.Message.Paths, context.CancellationToken) != JobState.Running) return;
        var images = new ConcurrentBag<ImageRecord>();
        var failures = new ConcurrentBag<IngestFile>();
        await Parallel.ForEachAsync(context.Message.Paths,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = context.CancellationToken },
            (path, _) =>
            {
                var (image, failure) = ingestor.Ingest(jobId, path);
                if (image is not null) images.Add(image);
                else failures.Add(new IngestFile { JobId = jobId, Path = path, Outcome = FileOutcome.Failed, Reason = failure, At = DateTimeOffset.UtcNow });
                return ValueTask.CompletedTask;
            });

        var outcomes = await store.AddImagesAsync([.. images], context.CancellationToken);
        var files = outcomes.Select(o => new IngestFile
        {
            JobId = jobId, Path = o.Image.Path, Outcome = o.Outcome, ImageId = o.Image.Id, At = o.Image.IngestedAt,
        }).Concat(failures).ToList();
        await store.RecordFilesAsync(files, context.CancellationToken);

        // An image stored before (by an interrupted or cancelled job) whose later stages never finished goes on again, under
        // this job: a re-run does what is missing and nothing else.
        var unfinished = await store.UnfinishedAsync(
            outcomes.Where(o => o.Outcome == FileOutcome.Duplicate).Select(o => o.Image.Id).ToList(), context.CancellationToken);
        // Published after the commit: a crash in between redelivers the slice, which re-publishes (consumers are idempotent).
        var ingested = outcomes.Where(o => o.Outcome == FileOutcome.Ingested || unfinished.Contains(o.Image.Id)).Select(o => new ImageIngested
        {
            JobId = jobId, ImageId = o.Image.Id, Path = o.Image.Path, ThumbnailPath = o.Image.ThumbnailPath,
            Width = o.Image.Width, Height = o.Image.Height, DetectionPrompt = context.Message.DetectionPrompt,
        }).ToList();
        if (ingested.Count > 0) await context.PublishBatch(ingested, context.CancellationToken);
    }
}
