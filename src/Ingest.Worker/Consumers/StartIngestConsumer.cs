using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Ingest.Worker.Consumers;

/// <summary>Walks the folder and fans the files out as IngestFiles slices; the slices do the work.</summary>
public sealed class StartIngestConsumer(IngestStore store, IOptions<IngestOptions> options, IOptions<IngestFolderOptions> folders,
    ILogger<StartIngestConsumer> logger)
    : IConsumer<StartIngest>
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        // Symlinked folders are not followed: no loops, and no escaping the given root.
        AttributesToSkip = FileAttributes.ReparsePoint,
    };

    public async Task Consume(ConsumeContext<StartIngest> context)
    {
        var (jobId, root) = (context.Message.JobId, context.Message.SourcePath);
        await store.CreateJobAsync(jobId, root, context.Message.DetectionPrompt, context.CancellationToken);
        // Checked here too, not only by the dashboard: a command sent by other means must not escape the allowed roots.
        var (folder, error) = IngestFolders.Check(root, folders.Value.AllowedRoots);
        if (folder is null)
        {
            logger.LogWarning("Job {JobId} refused: {Reason}", jobId, error);
            await store.MarkEnumeratedAsync(jobId, 0, error, context.CancellationToken);
            return;
        }

        var total = 0;
        foreach (var chunk in Directory.EnumerateFiles(folder, "*", Walk).Chunk(options.Value.FilesPerMessage))
        {
            await context.Publish(new IngestFiles { JobId = jobId, Paths = chunk, DetectionPrompt = context.Message.DetectionPrompt },
                context.CancellationToken);
            total += chunk.Length;
        }
        await store.MarkEnumeratedAsync(jobId, total, null, context.CancellationToken);
        logger.LogInformation("Job {JobId}: {Total} files under {Path}", jobId, total, root);
    }
}
