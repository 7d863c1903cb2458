using Pipeline.Clustering;
using Pipeline.Storage;

namespace Pipeline.Cluster.Worker;

/// <summary>The optional reduction before clustering: PCA to d dimensions, then UMAP, each only when asked for.</summary>
public static class Reduction
{
    public static (float[] Data, int Dimensions) Apply(ClusteringPlan plan, SnapshotVectors vectors, int seed, RunMonitor monitor)
    {
        var (data, dim) = (vectors.Data, vectors.Dimensions);
        if (plan.PcaDimensions is { } d && d < dim)
        {
            monitor.Phase("pca");
            var model = Pca.Fit(data, vectors.Count, dim, new PcaOptions { Components = d, Seed = seed }, monitor, monitor.Token);
            (data, dim) = (model.Transform(data, vectors.Count, monitor.Token), d);
        }
        if (plan.Umap is { } umap)
        {
            monitor.Phase("umap");
            (data, dim) = (Umap.Fit(data, vectors.Count, dim, umap, monitor, monitor.Token).Embedding, umap.Components);
        }
        return (data, dim);
    }

    /// <summary>
    /// The run's 2-D map: the snapshot's first two principal components, row-major x, y per vector. Computed from the
    /// original vectors so that runs on one snapshot share one picture; null when there are too few points or dimensions.
    /// </summary>
    public static float[]? Map(SnapshotVectors vectors, int seed, RunMonitor monitor)
    {
        if (vectors.Count < 2 || vectors.Dimensions < 2) return null;
        monitor.Phase("map");
        var model = Pca.Fit(vectors.Data, vectors.Count, vectors.Dimensions, new PcaOptions { Components = 2, Seed = seed }, monitor, monitor.Token);
        return model.Transform(vectors.Data, vectors.Count, monitor.Token);
    }
}
