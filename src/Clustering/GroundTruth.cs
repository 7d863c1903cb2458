namespace Pipeline.Clustering;

/// <summary>A clustering's scores against ground-truth labels, over the labelled items only.</summary>
public sealed record GroundTruthScores(int Labelled, int Classes, string Noise, double Ami, double Nmi, double Ari, double Accuracy);

/// <summary>Scores a clustering of stored items against labels keyed by item id (labels need not cover every item).</summary>
public static class GroundTruth
{
    /// <summary>Scores with noise as one cluster (the manga-face paper's convention); null when nothing is labelled.</summary>
    public static GroundTruthScores? Score(IReadOnlyDictionary<long, string> truth, long[] embeddingIds, int[] predicted,
        NoiseHandling noise = NoiseHandling.OneCluster)
    {
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        var t = new List<int>();
        var p = new List<int>();
        for (var i = 0; i < embeddingIds.Length; i++)
        {
            if (!truth.TryGetValue(embeddingIds[i], out var label)) continue;
            if (!classes.TryGetValue(label, out var c)) classes[label] = c = classes.Count;
            t.Add(c);
            p.Add(predicted[i]);
        }
        if (t.Count == 0) return null;
        var s = ClusteringMetrics.Evaluate([.. t], [.. p], noise);
        return new GroundTruthScores(t.Count, classes.Count, noise.ToString(), s.Ami, s.Nmi, s.Ari, s.Accuracy);
    }
}
