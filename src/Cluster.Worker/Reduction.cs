using Pipeline.Clustering;
using Pipeline.Storage;

namespace Pipeline.Cluster.Worker;

/// <summary>The optional PCA step before clustering: the snapshot's vectors as they are, or projected to d dimensions.</summary>
public static class Reduction
{
    public static (float[] Data, int Dimensions) Apply(int? dimensions, SnapshotVectors vectors, int seed, RunMonitor monitor)
    {
        if (dimensions is not { } d || d >= vectors.Dimensions) return (vectors.Data, vectors.Dimensions);
        monitor.Phase("pca");
        var model = Pca.Fit(vectors.Data, vectors.Count, vectors.Dimensions, new PcaOptions { Components = d, Seed = seed }, monitor, monitor.Token);
        return (model.Transform(vectors.Data, vectors.Count, monitor.Token), d);
    }
}
