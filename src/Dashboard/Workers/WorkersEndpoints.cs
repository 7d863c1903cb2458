namespace Pipeline.Dashboard.Workers;

public static class WorkersEndpoints
{
    /// <summary>GET /api/workers: the page's figures for scripts and autoscalers.</summary>
    public static IEndpointRouteBuilder MapWorkersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workers", async (WorkersOverview overview, CancellationToken ct) =>
        {
            var queues = await overview.QueuesAsync(ct);
            var instances = await overview.InstancesAsync(ct);
            return new
            {
                queues = queues.Queues, queueError = queues.Error,
                instances = instances.Select(v => new
                {
                    v.Instance.InstanceId, v.Instance.Service, v.Instance.Host, v.Instance.Models, v.Instance.BatchSize,
                    v.Instance.Prefetch, v.Instance.MessagesLastMinute, v.Instance.MessagesTotal, v.Instance.MessagesPerSecond, v.Instance.StartedAt,
                    v.Instance.SeenAt, v.Stale,
                }),
            };
        });
        return app;
    }
}
