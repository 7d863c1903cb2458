using Pipeline.Contracts;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

public enum JobAction { Pause, Resume, Cancel, Retry }

/// <summary>A request the job's state does not allow (resume a running job, retry a cancelled one); the message says why.</summary>
public sealed class JobControlException(string message) : Exception(message);

/// <summary>
/// Pause, resume, cancel and retry as the dashboard and the CLI both run them: the state change here, the re-sending of
/// files by the Ingest worker (it owns slicing), asked for with <see cref="RequeueFiles"/> through <paramref name="send"/>.
/// </summary>
public sealed class JobControl(JobControlStore store, Func<RequeueFiles, CancellationToken, Task> send)
{
    /// <summary>Applies the action and returns what happened, in words; throws <see cref="JobControlException"/> when it cannot.</summary>
    public async Task<string> ApplyAsync(Guid jobId, JobAction action, CancellationToken ct)
    {
        var state = await store.StateAsync(jobId, ct) ?? throw new JobControlException($"job {jobId} not found");
        switch (action)
        {
            case JobAction.Pause:
                if (!await store.MoveAsync(jobId, JobState.Running, JobState.Paused, ct)) throw NotIn(state, "pause");
                return "paused: new files are held back until it is resumed";
            case JobAction.Resume:
                if (!await store.MoveAsync(jobId, JobState.Paused, JobState.Running, ct)) throw NotIn(state, "resume");
                await send(new RequeueFiles { JobId = jobId, Kind = RequeueKind.Deferred }, ct);
                return "resumed: held-back files are sent again";
            case JobAction.Cancel:
                if (!await store.CancelAsync(jobId, ct)) throw NotIn(state, "cancel");
                return "cancelled: no further files are taken";
            case JobAction.Retry:
                if (state == JobState.Cancelled) throw NotIn(state, "retry");
                await send(new RequeueFiles { JobId = jobId, Kind = RequeueKind.Failed }, ct);
                return "retrying the failed files";
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    private static JobControlException NotIn(JobState state, string verb) =>
        new($"cannot {verb} a job that is {state.ToString().ToLowerInvariant()}");
}
