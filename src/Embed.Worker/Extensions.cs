using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Embed.Worker.Consumers;
using Pipeline.Inference;
using Pipeline.Inference.Embedding;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Workers;
using Pipeline.Vision;

namespace Pipeline.Embed.Worker;

public static class Extensions
{
    public static IHostApplicationBuilder AddEmbedWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbedOptions>().BindConfiguration(EmbedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IReadOnlyList<IEmbedder>>(sp => CreateEmbedders(
            sp.GetRequiredService<IOptions<EmbedOptions>>().Value, sp.GetRequiredService<IOptions<InferenceOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Inference")));
        builder.Services.AddStartupLoad<IReadOnlyList<IEmbedder>>(list => string.Join(", ", list.Select(e => $"{e.Model} ({e.Dimensions}-d)")));
        builder.Services.AddWorkerProfile(sp =>
        {
            var o = sp.GetRequiredService<IOptions<EmbedOptions>>().Value;
            return new WorkerProfile(o.ActiveModels, o.BatchSize, RegionDetectedConsumerDefinition.Prefetch(o));
        });
        builder.AddMessaging(x =>
        {
            x.AddConsumer<RegionDetectedConsumer, RegionDetectedConsumerDefinition>();
            // An adapter run streams a whole model's vectors: one at a time per worker.
            x.AddConsumer<ApplyAdapterConsumer>().Endpoint(e => { e.Name = Queues.Adapters; e.ConcurrentMessageLimit = 1; e.PrefetchCount = 1; });
        });
        return builder;
    }

    private static IReadOnlyList<IEmbedder> CreateEmbedders(EmbedOptions embed, InferenceOptions inference, ILogger logger)
    {
        var embedders = new Embedders(inference, logger);
        return embed.ActiveModels.Select(embedders.Image).ToList();
    }
}
