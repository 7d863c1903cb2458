namespace Pipeline.Clustering;

/// <summary>
/// A counter-based generator: SplitMix64's finaliser applied to (key, counter). A draw depends only on the key
/// (say seed, epoch and edge) and its position, never on which thread asked or in what order, which is what makes
/// the parallel UMAP layout reproducible.
/// </summary>
internal struct CounterRandom(ulong key)
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private ulong _counter;

    public static ulong Key(int seed, long a, long b) => SplitMix64(SplitMix64(SplitMix64((ulong)seed) + (ulong)a) + (ulong)b);

    /// <summary>Uniform in 0..bound-1 by Lemire's multiply-shift on the top 32 bits (bias below 2^-32 * bound).</summary>
    public int Next(int bound) => (int)(((NextBits() >> 32) * (ulong)bound) >> 32);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw by Box-Muller (1 - u keeps the logarithm finite).</summary>
    public double NextGaussian() => Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());

    private ulong NextBits() => SplitMix64(key + Golden * _counter++);

    /// <summary>SplitMix64's finaliser: a well-mixed 64-bit hash of <paramref name="z"/>.</summary>
    internal static ulong SplitMix64(ulong z)
    {
        z += Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
