using MassTransit;
using Pipeline.Detect.Worker.Consumers;
using Pipeline.ServiceDefaults;

namespace Pipeline.Detect.Worker;

public static class Extensions
{
    public static IHostApplicationBuilder AddDetectWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IRegionDetector, WholeImageDetector>();
        builder.AddMessaging(x => x.AddConsumer<ImageIngestedConsumer, ImageIngestedConsumerDefinition>());
        return builder;
    }
}
