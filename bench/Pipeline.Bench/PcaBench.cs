using System.Diagnostics;
using Pipeline.Clustering;

namespace Pipeline.Bench;

/// <summary>Randomised PCA of n x dim float32 rows (a low-rank signal plus noise, like CLIP vectors) down to k: fit and transform seconds.</summary>
public static class PcaBench
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        int dim = args.Length > 1 ? int.Parse(args[1]) : 512;
        int k = args.Length > 2 ? int.Parse(args[2]) : 32;
        var data = LowRank(n, dim, rank: 64, seed: 1);
        Console.WriteLine($"PCA {n} x {dim} -> {k}, {Environment.ProcessorCount} cores, {(long)n * dim * 4 / 1048576} MB of input");
        long start = Stopwatch.GetTimestamp();
        var model = Pca.Fit(data, n, dim, new PcaOptions { Components = k, Seed = 1 });
        double fit = Stopwatch.GetElapsedTime(start).TotalSeconds;
        start = Stopwatch.GetTimestamp();
        var projected = model.Transform(data, n);
        double transform = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine($"fit {fit:F2} s, transform {transform:F2} s ({projected.Length / k} rows), " +
                          $"explained variance {model.ExplainedVarianceRatio.Sum():P1}, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MB");
        return 0;
    }

    internal static float[] LowRank(int n, int dim, int rank, int seed)
    {
        var random = new Random(seed);
        var basis = new float[rank * dim];
        for (int i = 0; i < basis.Length; i++) basis[i] = (float)(random.NextDouble() * 2 - 1);
        var data = new float[(long)n * dim];
        Parallel.For(0, n, i =>
        {
            var r = new Random(seed * 7919 + i);
            var row = data.AsSpan(i * dim, dim);
            for (int j = 0; j < rank; j++)
            {
                float w = (float)(r.NextDouble() * 2 - 1) / (j + 1);
                for (int d = 0; d < dim; d++) row[d] += w * basis[j * dim + d];
            }
            for (int d = 0; d < dim; d++) row[d] += (float)(r.NextDouble() - 0.5) * 0.05f;
        });
        return data;
    }
}
