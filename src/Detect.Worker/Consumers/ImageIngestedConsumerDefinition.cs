using MassTransit;
using Microsoft.Extensions.Options;

namespace Pipeline.Detect.Worker.Consumers;

public sealed class ImageIngestedConsumerDefinition(IOptions<DetectOptions> options) : ConsumerDefinition<ImageIngestedConsumer>
{
    public static int Prefetch(DetectOptions options) => 2 * options.BatchSize;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ImageIngestedConsumer> consumer, IRegistrationContext context)
    {
        // Prefetch must cover a full batch or batches never fill.
        endpoint.PrefetchCount = Prefetch(options.Value);
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(options.Value.BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(100)).SetConcurrencyLimit(2));
    }
}
