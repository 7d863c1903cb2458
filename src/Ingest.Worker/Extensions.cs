using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Ingest.Worker.Archives;
using Pipeline.Contracts;
using Pipeline.Ingest.Worker.BackPressure;
using Pipeline.Ingest.Worker.Consumers;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Workers;
using Pipeline.Storage;
using Pipeline.Vision;

namespace Pipeline.Ingest.Worker;

public static class Extensions
{
    public static IHostApplicationBuilder AddIngestWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<IngestFolderOptions>().BindConfiguration(IngestFolderOptions.Section);
        builder.Services.AddSingleton<FileIngestor>();
        builder.Services.AddOptions<BackPressureOptions>().BindConfiguration(BackPressureOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IQueueDepth, RabbitQueueDepth>();
        builder.Services.AddSingleton<DownstreamGate>();
        builder.Services.AddSingleton(s =>
        {
            var o = s.GetRequiredService<IOptions<IngestOptions>>().Value;
            return new ArchiveUnpacker(o.ExtractRoot, o.ArchiveLimits);
        });
        builder.Services.AddSingleton<SourceWalker>();
        builder.Services.AddWorkerProfile(_ => new WorkerProfile([], 1, IngestFilesConsumerDefinition.Prefetch));
        builder.AddMessaging(x =>
        {
            x.AddConsumer<StartIngestConsumer>().Endpoint(e => e.Name = Queues.StartIngest);
            x.AddConsumer<RequeueFilesConsumer>().Endpoint(e => e.Name = Queues.RequeueFiles);
            x.AddConsumer<IngestFilesConsumer, IngestFilesConsumerDefinition>();
        });
        return builder;
    }
}
