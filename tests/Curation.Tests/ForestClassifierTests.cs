namespace Pipeline.Curation.Tests;

public class ForestClassifierTests
{
    /// <summary>Keep-worthy vectors around one direction, noise (text, stains) around another, with overlap at the edges.</summary>
    internal static (List<float[]> Vectors, List<bool> Keep) Separable(int n, int dim, int seed)
    {
        var random = new Random(seed);
        var vectors = new List<float[]>();
        var keep = new List<bool>();
        for (int i = 0; i < n; i++)
        {
            bool k = i % 3 != 0;
            vectors.Add(Enumerable.Range(0, dim).Select(d => (float)((d < 4 ? (k ? 1.0 : -1.0) : 0) + (random.NextDouble() - 0.5) * 1.2)).ToArray());
            keep.Add(k);
        }
        return (vectors, keep);
    }

    [Fact]
    public void Cross_validated_weighted_f1_is_high_on_a_separable_set()
    {
        var (vectors, keep) = Separable(600, 32, seed: 1);
        var result = CrossValidation.Run(vectors, keep, new ForestOptions { Seed = 3 });
        Assert.True(result.WeightedF1 > 0.95, $"weighted F1 {result.WeightedF1:F3}");
        Assert.Equal(5, result.FoldF1.Count);
        Assert.Equal(600, result.Examples);
    }

    [Fact]
    public void Labels_that_mean_nothing_cross_validate_near_chance()
    {
        var (vectors, _) = Separable(400, 16, seed: 2);
        var random = new Random(4);
        var coin = vectors.Select(_ => random.Next(2) == 0).ToList();
        Assert.InRange(CrossValidation.Run(vectors, coin, new ForestOptions { Seed = 1 }).WeightedF1, 0.3, 0.7);
    }

    [Fact]
    public void A_saved_forest_answers_the_same_and_a_seed_gives_the_same_forest()
    {
        var (vectors, keep) = Separable(200, 8, seed: 5);
        var a = ForestClassifier.Train(vectors, keep, new ForestOptions { Seed = 7 });
        var b = ForestClassifier.Train(vectors, keep, new ForestOptions { Seed = 7 });
        var block = vectors.Take(50).SelectMany(v => v).ToArray();

        Assert.Equal(a.Probabilities(block, 50), b.Probabilities(block, 50));
        Assert.Equal(a.Probabilities(block, 50), ForestClassifier.Load(a.Save()).Probabilities(block, 50));
        Assert.Equal(8, ForestClassifier.Load(a.Save()).Dimensions);
    }

    [Fact]
    public void Weighted_f1_matches_a_hand_computed_case()
    {
        // true: T T T F F, predicted: T T F F T. F1(T) = 2*2/(4+1+1) = 2/3 (support 3); F1(F) = 2*1/(2+1+1) = 1/2 (support 2).
        double expected = (2.0 / 3 * 3 + 0.5 * 2) / 5;
        Assert.Equal(expected, CrossValidation.WeightedF1([true, true, true, false, false], [true, true, false, false, true]), 12);
    }

    [Fact]
    public void Training_needs_both_answers_and_vectors_of_one_length()
    {
        Assert.Contains("both answers", Assert.Throws<ArgumentException>(() =>
            ForestClassifier.Train([[1f], [2f]], [true, true], new ForestOptions())).Message);
        Assert.Contains("differ in length", Assert.Throws<ArgumentException>(() =>
            ForestClassifier.Train([[1f], [2f, 3f]], [true, false], new ForestOptions())).Message);
        Assert.Contains("at least 5 examples", Assert.Throws<ArgumentException>(() =>
            CrossValidation.Run([[1f], [2f], [3f]], [true, false, true], new ForestOptions())).Message);
    }
}
