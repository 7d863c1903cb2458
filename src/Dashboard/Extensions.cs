using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipeline.Contracts;
using Pipeline.Dashboard.Curation;
using Pipeline.Dashboard.Jobs;
using Pipeline.Dashboard.Media;
using Pipeline.Dashboard.Search;
using Pipeline.Dashboard.Workers;
using Pipeline.Inference;
using Pipeline.ServiceDefaults;
using Pipeline.ServiceDefaults.Broker;
using Pipeline.ServiceDefaults.Workers;
using Pipeline.Storage;

namespace Pipeline.Dashboard;

public static class Extensions
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        // The dashboard sends commands (start a job, request a run); it consumes nothing.
        builder.AddMessaging();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<IngestFolderOptions>().BindConfiguration(IngestFolderOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<JobMonitor>();
        builder.Services.AddScoped<JobStarter>();
        builder.Services.AddScoped(sp => new JobControl(sp.GetRequiredService<JobControlStore>(), async (command, ct) =>
            await (await sp.GetRequiredService<ISendEndpointProvider>().GetSendEndpoint(Queues.Of(Queues.RequeueFiles))).Send(command, ct)));
        builder.Services.AddSingleton<QueryEncoders>();
        builder.Services.AddSingleton<VectorCache>();
        builder.Services.AddSingleton<SearchService>();
        builder.Services.AddErrorQueues();
        builder.Services.AddOptions<HeartbeatOptions>().BindConfiguration(HeartbeatOptions.Section);
        builder.Services.AddSingleton<WorkersOverview>();
        builder.Services.AddSingleton<CurationTasks>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }
}
