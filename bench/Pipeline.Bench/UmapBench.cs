using System.Diagnostics;
using Pipeline.Clustering;

namespace Pipeline.Bench;

/// <summary>
/// UMAP of n x dim float32 rows (50 Gaussian blobs with 5% noise, or a low-rank signal plus noise like CLIP vectors)
/// to k dimensions, by default after PCA to 50 as is usual before an exact kNN in many dimensions: seconds per stage,
/// peak memory, and what the embedding kept (HDBSCAN ARI against the blobs, trustworthiness on a 2,000-row sample).
/// </summary>
public static class UmapBench
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 100_000;
        int dim = args.Length > 1 ? int.Parse(args[1]) : 512;
        int components = args.Length > 2 ? int.Parse(args[2]) : 32;
        int pcaDims = args.Length > 3 ? int.Parse(args[3]) : 50;
        bool lowRank = args.Length > 4 && args[4] == "lowrank";
        var (data, truth) = lowRank ? (PcaBench.LowRank(n, dim, rank: 64, seed: 1), null) : SyntheticBlobs.Make(n, dim, 50, seed: 1);
        Console.WriteLine($"UMAP {n} x {dim} -> {components} ({(lowRank ? "low rank 64 + noise" : "50 blobs, 5% noise")}), " +
                          $"PCA to {(pcaDims > 0 ? pcaDims : dim)} first, {Environment.ProcessorCount} cores");

        long start = Stopwatch.GetTimestamp();
        int searchDim = dim;
        var reduced = data;
        if (pcaDims > 0 && pcaDims < dim)
        {
            reduced = Pca.Fit(data, n, dim, new PcaOptions { Components = pcaDims, Seed = 1 }).Transform(data, n);
            searchDim = pcaDims;
        }
        double pca = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var options = new UmapOptions { Components = components, Seed = 1 };
        // CPU seconds beside wall seconds: on a shared machine the wall clock says as much about the neighbours as about us.
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        start = Stopwatch.GetTimestamp();
        var neighbours = NeighbourTable.Exact(reduced, n, searchDim, options.Neighbors);
        double knn = Stopwatch.GetElapsedTime(start).TotalSeconds;
        process.Refresh();
        var knnCpu = process.TotalProcessorTime - cpu;
        var result = Umap.Fit(reduced, n, searchDim, neighbours, options);
        process.Refresh();
        var umapCpu = process.TotalProcessorTime - cpu - knnCpu;
        Console.WriteLine($"PCA {pca:F1} s; kNN {knn:F1} s ({knnCpu.TotalSeconds:F0} s CPU); graph + start {result.GraphTime.TotalSeconds:F1} s, " +
                          $"layout {result.LayoutTime.TotalSeconds:F1} s ({umapCpu.TotalSeconds:F0} s CPU for both; {result.Epochs} epochs, " +
                          $"{result.EdgeCount} directed edges); peak working set {process.PeakWorkingSet64 >> 20} MB");

        // A seeded random sample: a fixed stride would pick rows of one blob (SyntheticBlobs deals rows round-robin).
        var sample = Enumerable.Range(0, n).OrderBy(i => (i * 2654435761u) % 4294967291u).Take(Math.Min(n, 2000)).ToArray();
        double trust = EmbeddingQuality.Trustworthiness(Rows(data, dim, sample), dim, Rows(result.Embedding, components, sample), components, sample.Length, 10);
        string ari = "";
        if (truth is not null)
        {
            var clusters = Hdbscan.Fit(result.Embedding, n, components, new HdbscanOptions { MinClusterSize = 100 });
            ari = $", HDBSCAN on the embedding: {clusters.ClusterCount} clusters, ARI {ClusteringMetrics.AdjustedRandIndex(truth, clusters.Labels):F4}";
        }
        Console.WriteLine($"trustworthiness (k = 10, 2000-row sample) {trust:F4}{ari}");
        return 0;
    }

    private static float[] Rows(float[] data, int dim, int[] rows) => rows.SelectMany(r => data.AsSpan(r * dim, dim).ToArray()).ToArray();
}
