using MassTransit;
using Microsoft.Extensions.Options;
using Pipeline.Detect.Worker.Consumers;
using Pipeline.Inference;
using Pipeline.Inference.Detection;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Workers;

namespace Pipeline.Detect.Worker;

public static class Extensions
{
    public static IHostApplicationBuilder AddDetectWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DetectOptions>().BindConfiguration(DetectOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DetectionOptions>().BindConfiguration(DetectionOptions.Section)
            .Validate(o => { BoxPostprocessing.Validate(o); return true; }).ValidateOnStart();
        builder.Services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        string detector;
        if (builder.Configuration[$"{DetectOptions.Section}:{nameof(DetectOptions.ModelPath)}"] is { Length: > 0 } model)
        {
            detector = "grounding-dino:" + Path.GetFileName(Path.TrimEndingDirectorySeparator(model));
            builder.Services.AddSingleton(sp => new GroundingDinoDetector(model, sp.GetRequiredService<IOptions<InferenceOptions>>().Value,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Inference")));
            builder.Services.AddSingleton<IRegionDetector, GroundingDinoRegionDetector>();
            builder.Services.AddStartupLoad<GroundingDinoDetector>(d => $"Grounding DINO from {model} on {d.Provider}");
        }
        else
        {
            detector = "whole-image";
            builder.Services.AddSingleton<IRegionDetector, WholeImageDetector>();
        }
        builder.Services.AddWorkerProfile(sp =>
        {
            var o = sp.GetRequiredService<IOptions<DetectOptions>>().Value;
            return new WorkerProfile([detector], o.BatchSize, ImageIngestedConsumerDefinition.Prefetch(o));
        });
        builder.AddMessaging(x => x.AddConsumer<ImageIngestedConsumer, ImageIngestedConsumerDefinition>());
        return builder;
    }
}
