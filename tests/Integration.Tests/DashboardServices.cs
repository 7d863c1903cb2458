using Bunit;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Dashboard.Curation;
using Pipeline.Dashboard.Search;
using Pipeline.Inference;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>The dashboard's services over the fixture's database, broker and models, for components rendered with bUnit.</summary>
public static class DashboardServices
{
    public static void AddDashboardServices(this BunitServiceProvider services, PipelineFixture fx)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:pipeline"] = fx.ConnectionString,
            ["Inference:ModelsPath"] = Path.Combine(fx.WorkDir, "models"),
        }).Build();
        services.AddPipelineStorage(config);
        services.AddOptions<SearchOptions>();
        services.AddOptions<InferenceOptions>().Bind(config.GetSection(InferenceOptions.Section));
        services.AddLogging();
        services.AddSingleton<QueryEncoders>().AddSingleton<VectorCache>().AddSingleton<SearchService>();
        services.AddSingleton(fx.Bus).AddSingleton<CurationTasks>();
    }
}
