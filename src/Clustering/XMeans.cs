namespace Pipeline.Clustering;

public static class XMeans
{
    public static ClusteringResult Fit(float[] data, int n, int dim, XMeansOptions options, IProgress<double>? progress = null, CancellationToken ct = default) => throw new NotImplementedException();
}
