using Pipeline.ServiceDefaults.Broker;

namespace Pipeline.Dashboard.Errors;

/// <summary>What <c>POST /api/errors/{queue}/replay</c> moves: one message by its id, or all of the queue.</summary>
public sealed record ReplayRequest(string? MessageId, bool All);

/// <summary>GET /api/errors, POST /api/errors/{queue}/replay, DELETE /api/errors/{queue}/messages/{id}: the CLI's <c>pipeline errors</c>, over HTTP.</summary>
public static class ErrorsEndpoints
{
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapErrorsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/errors");
        api.MapGet("/", (ErrorQueues errors, string? queue, int? limit, CancellationToken ct) => limit is < 0 or > MaxLimit
            ? Problem(StatusCodes.Status400BadRequest, $"limit must be in 0..{MaxLimit}")
            : Broker(async () => Results.Ok(await errors.ListAsync(queue, limit ?? 20, ct))));
        // The body ({"messageId": "..."} or {"all": true}) or the query (?id=... or ?all=true) says what to move.
        api.MapPost("/{queue}/replay", (string queue, ReplayRequest? body, string? id, bool? all, ErrorQueues errors, CancellationToken ct) =>
        {
            var messageId = body?.MessageId ?? id;
            var everything = body?.All ?? all ?? false;
            return messageId is null == !everything
                ? Problem(StatusCodes.Status400BadRequest, """say which: {"messageId": "..."} for one message, or {"all": true}""")
                : Broker(async () => Results.Ok(await errors.ReplayAsync(queue, messageId, ct)));
        });
        // One message at a time, by id: deleting is for good.
        api.MapDelete("/{queue}/messages/{id}", (string queue, string id, ErrorQueues errors, CancellationToken ct) =>
            Broker(async () => Results.Ok(await errors.DiscardAsync(queue, id, ct))));
        return app;
    }

    private static Task<IResult> Problem(int status, string reason) => Task.FromResult(Results.Problem(reason, statusCode: status));

    private static async Task<IResult> Broker(Func<Task<IResult>> call)
    {
        try
        {
            return await call();
        }
        catch (ErrorQueueException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (Exception e) when (ErrorQueues.IsUnreachable(e))
        {
            return Results.Problem($"RabbitMQ cannot be reached: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
