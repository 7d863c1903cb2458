using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Pipeline.Storage;

/// <summary>Lets `dotnet ef migrations add` build the model without a running service.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PipelineDbContext>
{
    public PipelineDbContext CreateDbContext(string[] args)
    {
        // Adding a migration never connects, so the fallback needs no credentials (and code carries none).
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__pipeline") ?? "Host=127.0.0.1;Database=pipeline";
        var options = new DbContextOptionsBuilder<PipelineDbContext>();
        StorageExtensions.Configure(options, StorageExtensions.CreateDataSource(cs));
        return new PipelineDbContext(options.Options);
    }
}
