using MassTransit;

namespace Pipeline.Cluster.Worker.Consumers;

public sealed class ClusteringRequestedConsumerDefinition : ConsumerDefinition<ClusteringRequestedConsumer>
{
    public const int Prefetch = 1;

    public ClusteringRequestedConsumerDefinition()
    {
        // A run uses every core; running two at once would only slow both.
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ClusteringRequestedConsumer> consumer, IRegistrationContext context)
    {
        endpoint.PrefetchCount = Prefetch;
    }
}
