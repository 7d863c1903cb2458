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
        builder.AddMessaging(x =>
        {
            x.AddConsumer<ClusteringRequestedConsumer, ClusteringRequestedConsumerDefinition>().Endpoint(e => e.Name = Queues.ClusteringRequested);
            // One filter job at a time: each uses every core, and two applies of one filter must not interleave.
            x.AddConsumer<TrainNoiseFilterConsumer>().Endpoint(e => { e.Name = Queues.NoiseFilter; e.ConcurrentMessageLimit = 1; e.PrefetchCount = 1; });
            x.AddConsumer<ApplyNoiseFilterConsumer>().Endpoint(e => { e.Name = Queues.NoiseFilter; e.ConcurrentMessageLimit = 1; e.PrefetchCount = 1; });
        });
        return builder;
    }
}
