using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Curation;

/// <summary>Workers' long collection-wide jobs: requested here (202 with the task), followed at /api/tasks/{id}.</summary>
public static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTaskApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks");
        api.MapGet("/", async (TaskStore tasks, CancellationToken ct) => Results.Ok(await tasks.RecentAsync(50, ct)));
        api.MapGet("/{id:guid}", async (Guid id, TaskStore tasks, CancellationToken ct) =>
            await tasks.FindAsync(id, ct) is { } task ? Results.Ok(task) : Results.Problem($"no task {id}", statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    /// <summary>Records the task as queued, then sends its command; the worker's progress shows on the task.</summary>
    public static async Task<IResult> RequestAsync<T>(T command, Guid taskId, string kind, string subject, string queue,
        TaskStore tasks, ISendEndpointProvider bus, CancellationToken ct) where T : class
    {
        await tasks.CreateAsync(taskId, kind, subject, ct);
        await (await bus.GetSendEndpoint(Queues.Of(queue))).Send(command, ct);
        return Results.Accepted($"/api/tasks/{taskId}", await tasks.FindAsync(taskId, ct));
    }
}
