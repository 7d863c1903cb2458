using MassTransit;
using Microsoft.Extensions.Options;

namespace Pipeline.Embed.Worker.Consumers;

public sealed class RegionDetectedConsumerDefinition(IOptions<EmbedOptions> options) : ConsumerDefinition<RegionDetectedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<RegionDetectedConsumer> consumer, IRegistrationContext context)
    {
        var batch = options.Value.BatchSize;
        // Prefetch must cover a full batch or batches never fill.
        endpoint.PrefetchCount = batch * 2;
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(batch).SetTimeLimit(TimeSpan.FromMilliseconds(100)).SetConcurrencyLimit(2));
    }
}
