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
}
