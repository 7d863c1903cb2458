using System.Diagnostics;
using Pipeline.Clustering;

namespace Pipeline.Bench;

/// <summary>
/// HDBSCAN and x-means on generated 32-d Gaussian blobs (sklearn make_blobs-like: centres in [-10, 10]^32) with
/// uniform noise; prints time, result and memory. Peak working set is the process's, so it only ever grows.
/// </summary>
public static class ClusteringBench
{
    private const int Dim = 32;

    public static int Hdbscan(string[] args)
    {
        int[] sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [10_000, 50_000, 100_000];
        var options = new HdbscanOptions { MinClusterSize = 25, MinSamples = 10 };
        Console.WriteLine($"HDBSCAN {options} on {Dim}-d blobs, 5% noise, {Environment.ProcessorCount} cores");
        Console.WriteLine("       n   seconds  clusters   noise  ARI vs truth  allocated MB  peak working set MB (process so far)");
        foreach (int n in sizes)
        {
            var (data, truth) = Blobs(n, centres: 20, seed: n);
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            long start = Stopwatch.GetTimestamp();
            var result = Pipeline.Clustering.Hdbscan.Fit(data, n, Dim, options);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024.0 * 1024);
            double ari = ClusteringMetrics.AdjustedRandIndex(truth, result.Labels);
            Console.WriteLine($"{n,8} {seconds,9:F2} {result.ClusterCount,9} {result.NoiseCount,7} {ari,13:F4} {allocatedMb,13:F0} {PeakMegabytes(),20:F0}");
        }
        return 0;
    }

    public static int XMeans(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 100_000;
        var options = new XMeansOptions { KMax = 100, Seed = 1 };
        var (data, truth) = Blobs(n, centres: 50, seed: 7, noiseShare: 0);
        Console.WriteLine($"x-means {options} on {n} x {Dim}-d, 50 blobs, {Environment.ProcessorCount} cores");
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        var result = Pipeline.Clustering.XMeans.Fit(data, n, Dim, options);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024.0 * 1024);
        Console.WriteLine($"{seconds:F2} s, k = {result.ClusterCount}, ARI vs truth {ClusteringMetrics.AdjustedRandIndex(truth, result.Labels):F4}, "
            + $"allocated {allocatedMb:F0} MB, peak working set {PeakMegabytes():F0} MB");
        return 0;
    }

    /// <summary>Isotropic Gaussian blobs (centres in [-10, 10]^d, sd 0.5..2) plus uniform noise labelled -1.</summary>
    private static (float[] Data, int[] Truth) Blobs(int n, int centres, int seed, double noiseShare = 0.05)
    {
        var random = new Random(seed);
        var centre = new double[centres * Dim];
        for (int i = 0; i < centre.Length; i++) centre[i] = random.NextDouble() * 20 - 10;
        var spread = Enumerable.Range(0, centres).Select(_ => 0.5 + 1.5 * random.NextDouble()).ToArray();
        int noise = (int)(n * noiseShare);
        var data = new float[n * Dim];
        var truth = new int[n];
        for (int i = 0; i < n - noise; i++)
        {
            int c = i % centres;
            truth[i] = c;
            for (int d = 0; d < Dim; d++) data[i * Dim + d] = (float)(centre[c * Dim + d] + spread[c] * Gaussian(random));
        }
        for (int i = n - noise; i < n; i++)
        {
            truth[i] = -1;
            for (int d = 0; d < Dim; d++) data[i * Dim + d] = (float)(random.NextDouble() * 30 - 15);
        }
        return (data, truth);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double PeakMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024);
    }
}
