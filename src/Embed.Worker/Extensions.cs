using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Embed.Worker.Consumers;
using Pipeline.Inference;
using Pipeline.Inference.Embedding;
using Pipeline.Inference.Models;
using Pipeline.ServiceDefaults;
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
        builder.AddMessaging(x => x.AddConsumer<RegionDetectedConsumer, RegionDetectedConsumerDefinition>());
        return builder;
    }

    private static IReadOnlyList<IEmbedder> CreateEmbedders(EmbedOptions embed, InferenceOptions inference, ILogger logger)
    {
        var registry = new Lazy<ModelRegistry>(() => ModelRegistry.Scan(
            inference.ModelsPath ?? throw new InvalidOperationException("Embed:Models names model files but Inference:ModelsPath is not set")));
        return embed.ActiveModels.Select(name => name == EmbedOptions.WeightFree
            ? new WeightFreeEmbedder()
            : (IEmbedder)new OnnxImageEmbedder(registry.Value.Get(name), inference, logger)).ToList();
    }
}
