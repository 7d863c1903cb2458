namespace Pipeline.Clustering;

internal static class RandomExtensions
{
    /// <summary>A standard normal draw by Box-Muller from two uniforms (1 - u keeps the logarithm finite).</summary>
    public static double NextGaussian(this Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
