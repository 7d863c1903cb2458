using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Pipeline.Storage;

public static class StorageExtensions
{
    public const string ConnectionName = "pipeline";

    /// <summary>One pooled data source (with pgvector types) shared by EF Core and the raw-SQL stores.</summary>
    public static IServiceCollection AddPipelineStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not set (environment: ConnectionStrings__{ConnectionName}). Run scripts/services.sh and source scripts/services-env.sh.");
        services.AddSingleton(_ => CreateDataSource(connectionString));
        services.AddDbContext<PipelineDbContext>((sp, o) => Configure(o, sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IngestStore>();
        services.AddSingleton<JobControlStore>();
        services.AddSingleton<RegionStore>();
        services.AddSingleton<StageFailureStore>();
        var hnsw = configuration.GetSection(HnswBuild.Section);
        var defaults = new HnswBuild();
        services.AddSingleton(sp => new EmbeddingStore(sp.GetRequiredService<NpgsqlDataSource>(),
            new HnswBuild(hnsw["M"] is { } m ? int.Parse(m) : defaults.M,
                hnsw["EfConstruction"] is { } ef ? int.Parse(ef) : defaults.EfConstruction)));
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<SnapshotLabels>();
        services.AddSingleton<VectorSearch>();
        services.AddSingleton<CurationStore>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<ClusterStore>();
        services.AddSingleton<ProgressQueries>();
        services.AddSingleton<ClusterBrowser>();
        services.AddSingleton<ImageQueries>();
        services.AddSingleton<WorkerInstanceStore>();
        return services;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        return builder.Build();
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, o => o.UseVector()).UseSnakeCaseNamingConvention();
}
