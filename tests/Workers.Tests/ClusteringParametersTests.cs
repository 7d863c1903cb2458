using Pipeline.Cluster.Worker;

namespace Pipeline.Workers.Tests;

public sealed class ClusteringParametersTests
{
    private static readonly float[] TwoBlobs =
        [0, 0, 0.1f, 0, 0, 0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 10, 10, 10.1f, 10, 10, 10.1f, 10.1f, 10.1f, 10.05f, 10.05f];

    private static Clustering.ClusteringResult Run(string algorithm, Dictionary<string, string> parameters) =>
        ClusteringParameters.Bind(algorithm, parameters, seed: 3)(TwoBlobs, 10, 2, new Progress<double>(), default);

    [Fact]
    public void Hdbscan_parameters_keep_their_scikit_learn_names()
    {
        var result = Run("hdbscan", new() { ["min_cluster_size"] = "3", ["min_samples"] = "2", ["cluster_selection_method"] = "leaf" });
        Assert.Equal(2, result.ClusterCount);
    }

    [Fact]
    public void Xmeans_takes_its_k_range()
    {
        var result = Run("xmeans", new() { ["k_min"] = "2", ["k_max"] = "4" });
        Assert.Equal(2, result.ClusterCount);
    }

    [Theory]
    [InlineData("hdbscan", "min_clustr_size", "5", "min_clustr_size")]
    [InlineData("hdbscan", "cluster_selection_method", "best", "eom or leaf")]
    [InlineData("hdbscan", "min_cluster_size", "many", "min_cluster_size must be an integer")]
    [InlineData("hdbscan", "cluster_selection_epsilon", "wide", "cluster_selection_epsilon must be a number")]
    [InlineData("hdbscan", "allow_single_cluster", "maybe", "true or false")]
    [InlineData("xmeans", "min_cluster_size", "5", "k_min")]
    public void Bad_parameters_are_refused_with_a_reason(string algorithm, string name, string value, string said)
    {
        var e = Assert.Throws<FormatException>(() => ClusteringParameters.Bind(algorithm, new Dictionary<string, string> { [name] = value }, 0));
        Assert.Contains(said, e.Message);
    }

    [Fact]
    public void An_unknown_algorithm_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => ClusteringParameters.Bind("kmeans-magic", new Dictionary<string, string>(), 0));
        Assert.Contains("hdbscan or xmeans", e.Message);
    }
}
