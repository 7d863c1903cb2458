using MassTransit;

namespace Pipeline.Ingest.Worker.Consumers;

public sealed class IngestFilesConsumerDefinition : ConsumerDefinition<IngestFilesConsumer>
{
    public const int Prefetch = 4;

    public IngestFilesConsumerDefinition()
    {
        // Each message already runs its files in parallel; two at a time keeps the cores busy across DB round-trips.
        ConcurrentMessageLimit = 2;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<IngestFilesConsumer> consumer, IRegistrationContext context)
    {
        endpoint.PrefetchCount = Prefetch;
    }
}
