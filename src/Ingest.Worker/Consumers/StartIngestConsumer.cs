using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Ingest.Worker.Consumers;

/// <summary>
/// Walks the folder and fans the files out as IngestFiles slices; the slices do the work. What the walk itself refuses
/// (links, archive entries) is recorded here. A redelivered StartIngest lists the same paths again: rows are keyed by
/// path and archives unpack into the same folders, so nothing counts twice.
/// </summary>
public sealed class StartIngestConsumer(IngestStore store, SourceWalker walker, IOptions<IngestOptions> options,
    IOptions<IngestFolderOptions> folders, ILogger<StartIngestConsumer> logger)
    : IConsumer<StartIngest>
{
    private const int RefusedPerWrite = 500;

    public async Task Consume(ConsumeContext<StartIngest> context)
    {
        var (jobId, root, prompt) = (context.Message.JobId, context.Message.SourcePath, context.Message.DetectionPrompt);
        await store.CreateJobAsync(jobId, root, prompt, context.CancellationToken);
        // Checked here too, not only by the dashboard: a command sent by other means must not escape the allowed roots.
        var (folder, error) = IngestFolders.Check(root, folders.Value.AllowedRoots);
        if (folder is null)
        {
            logger.LogWarning("Job {JobId} refused: {Reason}", jobId, error);
            await store.MarkEnumeratedAsync(jobId, 0, error, context.CancellationToken);
            return;
        }

        var (total, slice, refused) = (0, new List<string>(), new List<IngestFile>());
        foreach (var file in walker.Walk(folder))
        {
            total++;
            if (file.Refusal is null) slice.Add(file.Path);
            else refused.Add(new IngestFile { JobId = jobId, Path = file.Path, Outcome = FileOutcome.Failed, Reason = file.Refusal, At = DateTimeOffset.UtcNow });
            if (slice.Count == options.Value.FilesPerMessage) await PublishAsync();
            if (refused.Count == RefusedPerWrite) await RecordAsync();
        }
        await PublishAsync();
        await RecordAsync();
        await store.MarkEnumeratedAsync(jobId, total, null, context.CancellationToken);
        logger.LogInformation("Job {JobId}: {Total} files under {Path}", jobId, total, root);

        async Task PublishAsync()
        {
            if (slice.Count > 0)
                await context.Publish(new IngestFiles { JobId = jobId, Paths = [.. slice], DetectionPrompt = prompt }, context.CancellationToken);
            slice.Clear();
        }

        async Task RecordAsync()
        {
            await store.RecordFilesAsync(refused, context.CancellationToken);
            refused.Clear();
        }
    }
}
