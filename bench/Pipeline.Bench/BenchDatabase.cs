using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pipeline.Storage;

namespace Pipeline.Bench;

/// <summary>The services' database for benchmarks that need it, migrated, with a throwaway model removed afterwards.</summary>
internal static class BenchDatabase
{
    public static async Task<NpgsqlDataSource> OpenAsync()
    {
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__pipeline")
            ?? throw new InvalidOperationException("ConnectionStrings__pipeline is not set: `source scripts/services-env.sh` first");
        var db = StorageExtensions.CreateDataSource(cs);
        var options = new DbContextOptionsBuilder<PipelineDbContext>();
        StorageExtensions.Configure(options, db);
        await using (var context = new PipelineDbContext(options.Options)) await context.Database.MigrateAsync();
        await db.ReloadTypesAsync();
        return db;
    }

    /// <summary>Deletes everything a benchmark stored under its model: snapshots, filters, vectors, and the regions and images it made.</summary>
    public static async Task DropModelAsync(NpgsqlDataSource db, int modelId, bool withRegions)
    {
        var statements = new List<string> { "DELETE FROM snapshots WHERE model_id = $1", "DELETE FROM noise_filters WHERE model_id = $1" };
        if (withRegions)
        {
            statements.Add("DELETE FROM regions WHERE id IN (SELECT region_id FROM embeddings WHERE model_id = $1)");
            statements.Add("DELETE FROM images WHERE id IN (SELECT image_id FROM embeddings WHERE model_id = $1)");
        }
        statements.AddRange(["DELETE FROM embeddings WHERE model_id = $1", $"DROP INDEX IF EXISTS ix_embeddings_hnsw_{modelId}", "DELETE FROM embedding_models WHERE id = $1"]);
        foreach (var sql in statements)
        {
            await using var cmd = db.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            if (sql.Contains("$1")) cmd.Parameters.AddWithValue(modelId);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
