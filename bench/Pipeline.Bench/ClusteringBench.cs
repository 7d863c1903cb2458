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
            var (data, truth) = SyntheticBlobs.Make(n, Dim, 20, n);
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
        var (data, truth) = SyntheticBlobs.Make(n, Dim, 50, 7, noiseShare: 0);
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

    private static double PeakMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024);
    }
}
