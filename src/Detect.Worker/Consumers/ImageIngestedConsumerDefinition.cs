using MassTransit;

namespace Pipeline.Detect.Worker.Consumers;

public sealed class ImageIngestedConsumerDefinition : ConsumerDefinition<ImageIngestedConsumer>
{
    public const int BatchSize = 128;
    public const int Prefetch = 2 * BatchSize;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ImageIngestedConsumer> consumer, IRegistrationContext context)
    {
        // Prefetch must cover a full batch or batches never fill.
        endpoint.PrefetchCount = Prefetch;
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(100)).SetConcurrencyLimit(2));
    }
}
