using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Curation;

/// <summary>
/// Requests the workers' curation tasks for the API and the pages alike: the task is recorded as queued before its
/// command is sent, so whoever asked can follow it at once.
/// </summary>
public sealed class CurationTasks(TaskStore tasks, IBus bus)
{
    public Task<Guid> TrainAsync(string model, int trees, int seed, CancellationToken ct)
    {
        var command = new TrainNoiseFilter { TaskId = Guid.NewGuid(), Model = model, Trees = trees, Seed = seed };
        return RequestAsync(command, command.TaskId, TrainNoiseFilter.Kind, model, Queues.NoiseFilter, ct);
    }

    public Task<Guid> ApplyAsync(string model, Guid? filter, int batchSize, CancellationToken ct)
    {
        var command = new ApplyNoiseFilter { TaskId = Guid.NewGuid(), Model = model, FilterId = filter, BatchSize = batchSize };
        return RequestAsync(command, command.TaskId, ApplyNoiseFilter.Kind, model, Queues.NoiseFilter, ct);
    }

    public Task<Guid> AdapterAsync(string adapter, string from, string to, int batchSize, CancellationToken ct)
    {
        var command = new ApplyAdapter { TaskId = Guid.NewGuid(), Adapter = adapter, SourceModel = from, TargetModel = to, BatchSize = batchSize };
        return RequestAsync(command, command.TaskId, ApplyAdapter.Kind, ApplyAdapter.Subject(from, to), Queues.Adapters, ct);
    }

    private async Task<Guid> RequestAsync<T>(T command, Guid taskId, string kind, string subject, string queue, CancellationToken ct) where T : class
    {
        await tasks.CreateAsync(taskId, kind, subject, ct);
        await (await bus.GetSendEndpoint(Queues.Of(queue))).Send(command, ct);
        return taskId;
    }
}
