using System.Diagnostics;
using System.Numerics.Tensors;
using NpgsqlTypes;
using Pgvector;
using Pipeline.Curation;
using Pipeline.Search;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Bench;

/// <summary>
/// Search figures on n clustered unit vectors (1,000 centres plus noise, like embeddings of an archive) stored under a
/// throwaway model: HNSW build time, top-10 latency p50/p95 and recall@10 against the exact scan, the multi-image CV
/// query over the in-memory matrix, and the noise filter's apply rate. Everything is removed afterwards.
/// Needs the services (`source scripts/services-env.sh`).
/// </summary>
public static class SearchBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 100_000;
        int dim = args.Length > 1 ? int.Parse(args[1]) : 512;
        int queries = args.Length > 2 ? int.Parse(args[2]) : 200;
        int[] breadths = args.Length > 3 ? args[3].Split(',').Select(int.Parse).ToArray() : [VectorSearch.DefaultEfSearch];
        var build = new HnswBuild(args.Length > 4 ? int.Parse(args[4]) : 16, args.Length > 5 ? int.Parse(args[5]) : 64);
        await using var db = await BenchDatabase.OpenAsync();
        var store = new EmbeddingStore(db);
        var name = "bench-search-" + Guid.NewGuid().ToString("N")[..8];
        var modelId = await store.RegisterModelAsync(name, dim, default);
        try
        {
            var (data, centreOf) = Clustered(n, dim, centres: 1000, seed: 1);
            var started = Stopwatch.GetTimestamp();
            await CopyInAsync(db, modelId, data, n, dim);
            Console.WriteLine($"{n} x {dim} clustered unit vectors copied in: {Seconds(started):F1} s");
            started = Stopwatch.GetTimestamp();
            await BuildIndexAsync(db, modelId, dim, build);
            Console.WriteLine($"HNSW index (m {build.M}, ef_construction {build.EfConstruction}, maintenance_work_mem {IndexMemory}) built: {Seconds(started):F1} s");

            var snapshots = new SnapshotStore(db);
            var stored = await snapshots.ReadAsync(await snapshots.CurrentAsync(modelId, null, false, default), default);
            var matrix = new VectorMatrix(stored.EmbeddingIds, stored.Data, stored.Dimensions);
            var search = new VectorSearch(db);
            var model = (await search.ModelAsync(name, default))!;
            var random = new Random(2);
            var probes = Enumerable.Range(0, queries).Select(_ => Perturbed(matrix.Row(random.Next(n)), random)).ToList();
            var truth = probes.Select(q => ExactScan.Search(matrix, q, 10).Hits.Select(h => h.Id).ToHashSet()).ToList();
            foreach (var ef in breadths)
            {
                var latencies = new List<double>();
                double recall = 0;
                for (int q = 0; q < queries; q++)
                {
                    started = Stopwatch.GetTimestamp();
                    var hits = await search.NearestAsync(model, probes[q], 10, new SearchScope(), float.NegativeInfinity, default, ef);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    recall += hits.Count(h => truth[q].Contains(h.EmbeddingId)) / 10.0;
                }
                Console.WriteLine($"HNSW top-10, ef_search {ef} ({queries} queries): p50 {Percentile(latencies, 50):F1} ms, " +
                                  $"p95 {Percentile(latencies, 95):F1} ms, recall@10 {recall / queries:F3}");
            }

            Scans(matrix, centreOf, random);

            await ApplyNoiseFilterAsync(db, modelId, matrix, centreOf);
        }
        finally
        {
            await BenchDatabase.DropModelAsync(db, modelId, withRegions: true);
        }
        return 0;
    }

    /// <summary>pgvector builds an HNSW index far faster when the graph fits in maintenance_work_mem (64 MB by default).</summary>
    private const string IndexMemory = "4GB";

    private static async Task BuildIndexAsync(Npgsql.NpgsqlDataSource db, int modelId, int dim, HnswBuild build)
    {
        await using var conn = await db.OpenConnectionAsync();
        foreach (var sql in new[] { $"SET maintenance_work_mem = '{IndexMemory}'", EmbeddingStore.HnswIndexSql(modelId, dim, build), "ANALYZE embeddings" })
        {
            await using var cmd = new Npgsql.NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The in-memory scans alone, no database: `bench scan 1000000 512` is the multi-image query at archive size.</summary>
    public static int Scan(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        int dim = args.Length > 1 ? int.Parse(args[1]) : 512;
        var (data, centreOf) = Clustered(n, dim, centres: 1000, seed: 1);
        Scans(new VectorMatrix(Enumerable.Range(0, n).Select(i => (long)i).ToArray(), data, dim), centreOf, new Random(2));
        return 0;
    }

    private static void Scans(VectorMatrix matrix, int[] centreOf, Random random)
    {
        var exactTimes = new List<double>();
        var multiTimes = new List<double>();
        for (int q = 0; q < 20; q++)
        {
            exactTimes.Add(ExactScan.Search(matrix, matrix.Row(random.Next(matrix.Count)), 100).Milliseconds);
            var centre = centreOf[random.Next(matrix.Count)];
            var members = Enumerable.Range(0, matrix.Count).Where(i => centreOf[i] == centre).Take(4).Select(i => matrix.Row(i).ToArray()).ToList();
            multiTimes.Add(MultiImageQuery.Build(members, MultiImageMode.Cv, 128).Search(matrix, 100).Milliseconds);
        }
        Console.WriteLine($"exact scan top-100 over {matrix.Count} x {matrix.Dimensions} ({Environment.ProcessorCount} cores): p50 {Percentile(exactTimes, 50):F1} ms; " +
                          $"multi-image CV (4 images, 128 dims): p50 {Percentile(multiTimes, 50):F1} ms, p95 {Percentile(multiTimes, 95):F1} ms");
    }

    private static async Task ApplyNoiseFilterAsync(Npgsql.NpgsqlDataSource db, int modelId, VectorMatrix matrix, int[] centreOf)
    {
        var sample = Enumerable.Range(0, matrix.Count).Where(i => i % Math.Max(1, matrix.Count / 1000) == 0).ToList();
        var forest = ForestClassifier.Train(sample.Select(i => matrix.Row(i).ToArray()).ToList(), sample.Select(i => centreOf[i] % 2 == 0).ToList(), new ForestOptions());
        var curation = new CurationStore(db);
        var filter = new NoiseFilter { Id = Guid.NewGuid(), ModelId = modelId, CreatedAt = DateTimeOffset.UtcNow, LabelCount = sample.Count, Forest = forest.Save() };
        await curation.SaveFilterAsync(filter, default);
        var started = Stopwatch.GetTimestamp();
        var done = await curation.ApplyAsync(filter, forest.Decide, 20_000,
            (_, _) => Task.CompletedTask, default);
        Console.WriteLine($"noise filter apply (100 trees, batches of 20,000): {done / Seconds(started):F0} vectors/s");
    }

    private static async Task CopyInAsync(Npgsql.NpgsqlDataSource db, int modelId, float[] data, int n, int dim)
    {
        var ids = Enumerable.Range(0, n).Select(_ => Guid.NewGuid()).ToArray();
        await using (var conn = await db.OpenConnectionAsync())
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY embeddings (region_id, image_id, job_id, model_id, vector, embedded_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < n; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(modelId, NpgsqlDbType.Integer);
                await copy.WriteAsync(new Vector(data.AsMemory(i * dim, dim)), "vector");
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        // Search results name their image and box: each vector gets a region and an image of its own.
        foreach (var sql in new[]
        {
            "INSERT INTO images (id, job_id, content_hash, path, format, width, height, byte_size, thumbnail_path, ingested_at) " +
            "SELECT image_id, job_id, uuid_send(image_id), '/bench/' || image_id, 'jpeg', 1, 1, 1, '/bench/t', now() FROM embeddings WHERE model_id = $1",
            "INSERT INTO regions (id, image_id, job_id, x, y, width, height, detected_at) " +
            "SELECT region_id, image_id, job_id, 0, 0, 1, 1, now() FROM embeddings WHERE model_id = $1",
        })
        {
            await using var cmd = db.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            cmd.Parameters.AddWithValue(modelId);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static (float[] Data, int[] CentreOf) Clustered(int n, int dim, int centres, int seed)
    {
        var random = new Random(seed);
        var c = new float[centres * dim];
        for (int i = 0; i < c.Length; i++) c[i] = (float)(random.NextDouble() * 2 - 1);
        var data = new float[(long)n * dim];
        var centreOf = new int[n];
        for (int i = 0; i < n; i++) centreOf[i] = random.Next(centres);
        Parallel.For(0, n, i =>
        {
            var r = new Random(seed * 7919 + i);
            var row = data.AsSpan(i * dim, dim);
            for (int d = 0; d < dim; d++) row[d] = c[centreOf[i] * dim + d] + (float)(r.NextDouble() * 2 - 1) * 0.8f;
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        });
        return (data, centreOf);
    }

    private static float[] Perturbed(ReadOnlySpan<float> row, Random random)
    {
        var q = row.ToArray();
        for (int d = 0; d < q.Length; d++) q[d] += (float)(random.NextDouble() - 0.5) * 0.02f;
        TensorPrimitives.Divide(q, TensorPrimitives.Norm(q), q);
        return q;
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
    }

    private static double Seconds(long started) => Stopwatch.GetElapsedTime(started).TotalSeconds;
}
