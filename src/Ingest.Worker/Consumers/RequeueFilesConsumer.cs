using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Ingest.Worker.Consumers;

/// <summary>
/// Sends a job's deferred files (resume) or failed files (retry) through ingest again, in the usual slices. Their rows
/// stay until the slices overwrite them with the new outcome, so a crash here loses nothing and a file counts once.
/// </summary>
public sealed class RequeueFilesConsumer(JobControlStore jobs, IOptions<IngestOptions> options, ILogger<RequeueFilesConsumer> logger)
    : IConsumer<RequeueFiles>
{
    public async Task Consume(ConsumeContext<RequeueFiles> context)
    {
        var (jobId, kind) = (context.Message.JobId, context.Message.Kind);
        var outcome = kind == RequeueKind.Deferred ? FileOutcome.Deferred : FileOutcome.Failed;
        var paths = await jobs.PathsAsync(jobId, outcome, context.CancellationToken);
        var prompt = await jobs.PromptAsync(jobId, context.CancellationToken);
        foreach (var chunk in paths.Chunk(options.Value.FilesPerMessage))
            await context.Publish(new IngestFiles { JobId = jobId, Paths = chunk, DetectionPrompt = prompt }, context.CancellationToken);
        logger.LogInformation("Job {JobId}: {Count} {Kind} files sent again", jobId, paths.Count, kind);
    }
}
