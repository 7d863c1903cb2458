using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Ingest.Worker.Consumers;

/// <summary>Walks the folder and fans the files out as IngestFiles slices; the slices do the work.</summary>
public sealed class StartIngestConsumer(IngestStore store, IOptions<IngestOptions> options, ILogger<StartIngestConsumer> logger)
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
        await store.CreateJobAsync(jobId, root, context.CancellationToken);
        if (!Directory.Exists(root))
        {
            logger.LogWarning("Job {JobId}: folder {Path} does not exist", jobId, root);
            await store.MarkEnumeratedAsync(jobId, 0, $"folder '{root}' does not exist or is not readable", context.CancellationToken);
            return;
        }

        var total = 0;
        foreach (var chunk in Directory.EnumerateFiles(root, "*", Walk).Chunk(options.Value.FilesPerMessage))
        {
            await context.Publish(new IngestFiles { JobId = jobId, Paths = chunk, DetectionPrompt = context.Message.DetectionPrompt },
                context.CancellationToken);
            total += chunk.Length;
        }
        await store.MarkEnumeratedAsync(jobId, total, null, context.CancellationToken);
        logger.LogInformation("Job {JobId}: {Total} files under {Path}", jobId, total, root);
    }
}
