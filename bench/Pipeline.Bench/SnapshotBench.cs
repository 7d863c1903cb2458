using System.Diagnostics;
using Pipeline.Storage;

namespace Pipeline.Bench;

/// <summary>
/// Snapshot read speed: n random dim-d vectors are generated inside PostgreSQL under a throwaway model (no HNSW index,
/// so the setup is quick), frozen as a snapshot, and streamed out with binary COPY; everything is removed afterwards.
/// Needs the services (ConnectionStrings__pipeline, `source scripts/services-env.sh`).
/// </summary>
public static class SnapshotBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        int dim = args.Length > 1 ? int.Parse(args[1]) : 512;
        await using var db = await BenchDatabase.OpenAsync();

        var model = "bench-snapshot-" + Guid.NewGuid().ToString("N")[..8];
        var modelId = await new EmbeddingStore(db).RegisterModelAsync(model, dim, default);
        try
        {
            var start = Stopwatch.GetTimestamp();
            for (int done = 0; done < n; done += 100_000)
            {
                await using var cmd = db.CreateCommand("""
                    INSERT INTO embeddings (region_id, image_id, job_id, model_id, vector, embedded_at)
                    SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), $1,
                           (SELECT array_agg(random())::real[]::vector FROM generate_series(1, $2) WHERE g > 0), now()
                    FROM generate_series(1, $3) g
                    """);
                cmd.CommandTimeout = 0;
                cmd.Parameters.AddWithValue(modelId);
                cmd.Parameters.AddWithValue(dim);
                cmd.Parameters.AddWithValue(Math.Min(100_000, n - done));
                await cmd.ExecuteNonQueryAsync();
            }
            Console.WriteLine($"generated {n} x {dim} vectors in PostgreSQL in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");

            var snapshots = new SnapshotStore(db);
            var snapshot = await snapshots.CreateAsync(modelId, null, model, default);
            for (int pass = 1; pass <= 2; pass++)
            {
                start = Stopwatch.GetTimestamp();
                var vectors = await snapshots.ReadAsync(snapshot, default);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                Console.WriteLine($"pass {pass}: read {vectors.Count} x {vectors.Dimensions} in {seconds:F2} s = {vectors.Count / seconds:F0} vectors/s " +
                                  $"({(long)vectors.Count * vectors.Dimensions * 4 / seconds / 1048576:F0} MB/s of floats)");
            }
        }
        finally
        {
            await BenchDatabase.DropModelAsync(db, modelId, withRegions: false);
        }
        return 0;
    }
}
