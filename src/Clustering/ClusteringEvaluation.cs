namespace Pipeline.Clustering;

/// <summary>What the predicted noise label -1 means when a clustering is scored against the truth.</summary>
public enum NoiseHandling
{
    /// <summary>All noise points form one more cluster (the convention of the manga-face clustering paper).</summary>
    OneCluster,

    /// <summary>Each noise point is a cluster of its own: noise earns no credit for agreeing with itself.</summary>
    Singletons,

    /// <summary>Points the prediction calls noise are left out of both labelings: scores cover the clustered points only.</summary>
    Exclude,
}

/// <summary>Agreement of a predicted labeling with the truth under one noise convention, over N points.</summary>
public sealed record ClusteringScores(double Ami, double Nmi, double Ari, double Accuracy, int N, NoiseHandling Noise);

public static partial class ClusteringMetrics
{
    /// <summary>
    /// The labelings as the convention reads them. Only the prediction's -1 is noise; every truth label, -1
    /// included, stays a class, since the truth is the reference.
    /// </summary>
    public static (int[] Truth, int[] Pred) ApplyNoiseHandling(int[] truth, int[] pred, NoiseHandling noise)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(pred);
        if (truth.Length != pred.Length) throw new ArgumentException("Labelings differ in length.", nameof(pred));
        switch (noise)
        {
            case NoiseHandling.OneCluster:
                // Contingency already treats -1 as one more label value.
                return (truth, pred);
            case NoiseHandling.Singletons:
                int next = pred.Length == 0 ? 0 : Math.Max(pred.Max() + 1, 0);
                return (truth, pred.Select(label => label == -1 ? next++ : label).ToArray());
            case NoiseHandling.Exclude:
                var kept = Enumerable.Range(0, pred.Length).Where(i => pred[i] != -1).ToArray();
                return (kept.Select(i => truth[i]).ToArray(), kept.Select(i => pred[i]).ToArray());
            default:
                throw new ArgumentOutOfRangeException(nameof(noise), noise, "Unknown noise handling.");
        }
    }

    /// <summary>AMI, NMI, ARI and clustering accuracy from one contingency table, after the noise convention.</summary>
    public static ClusteringScores Evaluate(int[] truth, int[] pred, NoiseHandling noise = NoiseHandling.OneCluster)
    {
        var (t, p) = ApplyNoiseHandling(truth, pred, noise);
        var table = new Contingency(t, p);
        return new ClusteringScores(AdjustedMutualInformation(table), NormalizedMutualInformation(table),
            AdjustedRandIndex(table), ClusteringAccuracy(table), table.Total, noise);
    }
}
