namespace Pipeline.Curation;

/// <summary>Weighted F1 (scikit-learn's average="weighted": each class's F1 weighted by its support) per fold and overall.</summary>
public sealed record CrossValidationResult(double WeightedF1, IReadOnlyList<double> FoldF1, int Examples);

/// <summary>Stratified k-fold cross-validation of a forest on labelled vectors, with a seeded shuffle.</summary>
public static class CrossValidation
{
    public static CrossValidationResult Run(IReadOnlyList<float[]> vectors, IReadOnlyList<bool> labels, ForestOptions options, int folds = 5)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "cross-validation needs at least 2 folds");
        int smaller = Math.Min(labels.Count(l => l), labels.Count(l => !l));
        if (smaller < folds) throw new ArgumentException($"{folds}-fold cross-validation needs at least {folds} examples of each answer; the rarer has {smaller}");
        var random = new Random(options.Seed);
        // Stratified: each answer's examples shuffled and dealt round-robin, so every fold holds both in proportion.
        var fold = new int[labels.Count];
        foreach (var answer in new[] { true, false })
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == answer).OrderBy(_ => random.Next()).ToList();
            for (int j = 0; j < members.Count; j++) fold[members[j]] = j % folds;
        }
        var scores = new List<double>();
        var predicted = new bool[labels.Count];
        for (int f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, labels.Count).Where(i => fold[i] != f).ToList();
            var test = Enumerable.Range(0, labels.Count).Where(i => fold[i] == f).ToList();
            var forest = ForestClassifier.Train(train.Select(i => vectors[i]).ToList(), train.Select(i => labels[i]).ToList(), options);
            var decided = forest.Decide(test.SelectMany(i => vectors[i]).ToArray(), test.Count);
            for (int j = 0; j < test.Count; j++) predicted[test[j]] = decided[j];
            scores.Add(WeightedF1(test.Select(i => labels[i]).ToArray(), test.Select(i => predicted[i]).ToArray()));
        }
        return new CrossValidationResult(WeightedF1(labels.ToArray(), predicted), scores, labels.Count);
    }

    public static double WeightedF1(bool[] truth, bool[] predicted)
    {
        if (truth.Length != predicted.Length) throw new ArgumentException("truth and predictions differ in length");
        if (truth.Length == 0) return 0;
        double total = 0;
        foreach (var c in new[] { true, false })
        {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < truth.Length; i++)
            {
                if (predicted[i] == c && truth[i] == c) tp++;
                else if (predicted[i] == c) fp++;
                else if (truth[i] == c) fn++;
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
            total += f1 * (tp + fn);
        }
        return total / truth.Length;
    }
}
