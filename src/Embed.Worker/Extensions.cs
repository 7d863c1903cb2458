using MassTransit;
using Pipeline.Embed.Worker.Consumers;
using Pipeline.ServiceDefaults;
using Pipeline.Vision;

namespace Pipeline.Embed.Worker;

public static class Extensions
{
    public static IHostApplicationBuilder AddEmbedWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbedOptions>().BindConfiguration(EmbedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // With no model files configured, the weight-free descriptor keeps the pipeline running end to end.
        builder.Services.AddSingleton<IEmbedder>(_ => new WeightFreeEmbedder());
        builder.AddMessaging(x => x.AddConsumer<RegionDetectedConsumer, RegionDetectedConsumerDefinition>());
        return builder;
    }
}
