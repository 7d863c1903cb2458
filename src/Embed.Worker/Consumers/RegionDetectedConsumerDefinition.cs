using MassTransit;
using Microsoft.Extensions.Options;

namespace Pipeline.Embed.Worker.Consumers;

public sealed class RegionDetectedConsumerDefinition(IOptions<EmbedOptions> options) : ConsumerDefinition<RegionDetectedConsumer>
{
    public static int Prefetch(EmbedOptions options) => options.BatchSize * 2;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<RegionDetectedConsumer> consumer, IRegistrationContext context)
    {
        // Prefetch must cover a full batch or batches never fill.
        endpoint.PrefetchCount = Prefetch(options.Value);
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(options.Value.BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(100)).SetConcurrencyLimit(2));
    }
}
