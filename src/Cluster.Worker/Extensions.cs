using MassTransit;
using Pipeline.Cluster.Worker.Consumers;
using Pipeline.Contracts;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Workers;

namespace Pipeline.Cluster.Worker;

public static class Extensions
{
    public static IHostApplicationBuilder AddClusterWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWorkerProfile(_ => new WorkerProfile([], 1, ClusteringRequestedConsumerDefinition.Prefetch));
        builder.AddMessaging(x => x.AddConsumer<ClusteringRequestedConsumer, ClusteringRequestedConsumerDefinition>()
            .Endpoint(e => e.Name = Queues.ClusteringRequested));
        return builder;
    }
}
