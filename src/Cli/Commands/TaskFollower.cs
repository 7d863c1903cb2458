using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Cli.Commands;

/// <summary>Requests a worker's background task and follows it to its end, printing each progress line once.</summary>
internal static class TaskFollower
{
    public static async Task<int> RunAsync<T>(CliContext ctx, string queue, T command, Guid taskId, string kind, string subject, CancellationToken ct)
        where T : class
    {
        var tasks = new TaskStore(ctx.Db);
        await tasks.CreateAsync(taskId, kind, subject, ct);
        await ctx.SendAsync(queue, command, ct);
        Console.WriteLine($"task {taskId} ({kind} {subject}) requested; Ctrl+C stops following it, not the task");
        string? shown = null;
        while (true)
        {
            var task = await tasks.FindAsync(taskId, ct) ?? throw new CliException($"task {taskId} vanished");
            var line = task.Status == RunStatus.Queued ? $"queued on {queue}, waiting for a worker" : task.Message;
            if (task.Status is not (RunStatus.Queued or RunStatus.Running))
            {
                if (task.Status == RunStatus.Succeeded) Console.WriteLine(task.Message);
                else Console.Error.WriteLine($"error: {kind} {task.Status.ToString().ToLowerInvariant()}: {task.Message}");
                return task.Status == RunStatus.Succeeded ? 0 : 1;
            }
            if (line is not null && line != shown) Console.WriteLine($"  {shown = line}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }
}
