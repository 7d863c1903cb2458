using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Ingest.Worker.Archives;
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
        // An archive, or an entry it refused, is no file to read again: sent, it would only lose its reason. Ingesting
        // the folder again unpacks the archive again.
        var paths = (await jobs.PathsAsync(jobId, outcome, context.CancellationToken))
            .Where(p => !ArchiveUnpacker.IsArchive(p) && !ArchiveUnpacker.IsEntryPath(p)).ToList();
        var prompt = await jobs.PromptAsync(jobId, context.CancellationToken);
        foreach (var chunk in paths.Chunk(options.Value.FilesPerMessage))
            await context.Publish(new IngestFiles { JobId = jobId, Paths = chunk, DetectionPrompt = prompt }, context.CancellationToken);
        logger.LogInformation("Job {JobId}: {Count} {Kind} files sent again", jobId, paths.Count, kind);
    }
}
