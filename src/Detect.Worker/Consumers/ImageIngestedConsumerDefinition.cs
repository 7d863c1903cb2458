using MassTransit;

namespace Pipeline.Detect.Worker.Consumers;

public sealed class ImageIngestedConsumerDefinition : ConsumerDefinition<ImageIngestedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ImageIngestedConsumer> consumer, IRegistrationContext context)
    {
        // Prefetch must cover a full batch or batches never fill.
        endpoint.PrefetchCount = 256;
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(128).SetTimeLimit(TimeSpan.FromMilliseconds(100)).SetConcurrencyLimit(2));
    }
}
