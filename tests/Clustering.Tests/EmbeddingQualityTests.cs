namespace Pipeline.Clustering.Tests;

public class EmbeddingQualityTests
{
    [Fact]
    public void Trustworthiness_matches_scikit_learns_definition_computed_by_sorting()
    {
        const int n = 80, dim = 5, k = 6;
        var random = new Random(5);
        var data = Enumerable.Range(0, n * dim).Select(_ => (float)random.NextGaussian()).ToArray();
        // The first two coordinates, slightly perturbed: a lossy but informative embedding.
        var embedded = Enumerable.Range(0, n * 2).Select(i => data[i / 2 * dim + i % 2] + 0.3f * (float)random.NextGaussian()).ToArray();

        double fast = EmbeddingQuality.Trustworthiness(data, dim, embedded, 2, n, k);

        double penalty = 0;
        for (int i = 0; i < n; i++)
        {
            var byOriginal = Enumerable.Range(0, n).Where(j => j != i).OrderBy(j => SquaredDistance(data, dim, i, j)).ThenBy(j => j).ToList();
            var byEmbedded = Enumerable.Range(0, n).Where(j => j != i).OrderBy(j => SquaredDistance(embedded, 2, i, j)).ThenBy(j => j).Take(k);
            penalty += byEmbedded.Sum(j => Math.Max(0, byOriginal.IndexOf(j) + 1 - k));
        }
        double expected = 1 - penalty * 2.0 / (n * k * (2.0 * n - 3 * k - 1));
        Assert.Equal(expected, fast, 1e-12);
        Assert.InRange(fast, 0.5, 0.99);
        Assert.Equal(1.0, EmbeddingQuality.Trustworthiness(data, dim, data, dim, n, k));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingQuality.Trustworthiness(data, dim, embedded, 2, n, 40));
    }

    private static float SquaredDistance(float[] x, int dim, int i, int j) =>
        Enumerable.Range(0, dim).Sum(d => (x[i * dim + d] - x[j * dim + d]) * (x[i * dim + d] - x[j * dim + d]));
}
