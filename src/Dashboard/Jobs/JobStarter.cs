using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Jobs;

/// <summary>Starts an ingest job from the page: the folder is checked first, so a bad path gets a clear answer, not a failed job.</summary>
public sealed class JobStarter(IngestStore store, ISendEndpointProvider send, IOptions<IngestFolderOptions> folders)
{
    public async Task<(Guid? JobId, string? Error)> StartAsync(string path, string? prompt, CancellationToken ct)
    {
        var (folder, error) = IngestFolders.Check(path.Trim(), folders.Value.AllowedRoots);
        if (folder is null) return (null, error);
        var jobId = NewId.NextGuid();
        prompt = string.IsNullOrWhiteSpace(prompt) ? null : prompt.Trim();
        // The row exists before the message, so the page lists the job even while the ingest worker is busy.
        await store.CreateJobAsync(jobId, folder, prompt, ct);
        var endpoint = await send.GetSendEndpoint(Queues.Of(Queues.StartIngest));
        await endpoint.Send(new StartIngest { JobId = jobId, SourcePath = folder, DetectionPrompt = prompt }, ct);
        return (jobId, null);
    }
}
