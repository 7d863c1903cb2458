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

    /// <summary>202 with the task, and where to follow it.</summary>
    public static async Task<IResult> AcceptedAsync(Guid taskId, TaskStore tasks, CancellationToken ct) =>
        Results.Accepted($"/api/tasks/{taskId}", await tasks.FindAsync(taskId, ct));
}
