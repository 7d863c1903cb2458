namespace Pipeline.Clustering.Tests;

public sealed class ClusteringParametersTests
{
    private static readonly float[] TwoBlobs =
        [0, 0, 0.1f, 0, 0, 0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 10, 10, 10.1f, 10, 10, 10.1f, 10.1f, 10.1f, 10.05f, 10.05f];

    private static Clustering.ClusteringResult Run(string algorithm, Dictionary<string, string> parameters) =>
        ClusteringParameters.Bind(algorithm, parameters, seed: 3).Fit(TwoBlobs, 10, 2, new Progress<double>(), default);

    [Fact]
    public void Hdbscan_parameters_keep_their_scikit_learn_names()
    {
        var result = Run("hdbscan", new() { ["min_cluster_size"] = "3", ["min_samples"] = "2", ["cluster_selection_method"] = "leaf" });
        Assert.Equal(2, result.ClusterCount);
    }

    [Theory]
    [InlineData("xmeans", "k_min", "2")]
    [InlineData("kmeans", "n_clusters", "2")]
    [InlineData("dbscan", "eps", "0.5")]
    [InlineData("optics", "xi", "0.05")]
    public void Every_algorithm_finds_the_two_blobs(string algorithm, string name, string value)
    {
        var parameters = new Dictionary<string, string> { [name] = value };
        if (algorithm is "dbscan" or "optics") parameters["min_samples"] = "3";
        var result = Run(algorithm, parameters);
        Assert.Equal(2, result.ClusterCount);
        Assert.Equal(result.Labels[0], result.Labels[4]);
        Assert.NotEqual(result.Labels[0], result.Labels[5]);
    }

    [Fact]
    public void Pca_is_a_step_before_any_algorithm()
    {
        Assert.Equal(16, ClusteringParameters.Bind("kmeans", new Dictionary<string, string> { ["n_clusters"] = "3", ["pca"] = "16" }, 0).PcaDimensions);
        Assert.Null(ClusteringParameters.Bind("hdbscan", new Dictionary<string, string>(), 0).PcaDimensions);
        var umap = ClusteringParameters.Bind("hdbscan", new Dictionary<string, string> { ["umap"] = "32", ["umap_neighbors"] = "30" }, 4).Umap!;
        Assert.Equal((32, 30, 0.1, 4), (umap.Components, umap.Neighbors, umap.MinDist, umap.Seed));
    }

    [Fact]
    public void Hdbscan_takes_its_neighbour_search_and_the_seed()
    {
        var parameters = new Dictionary<string, string> { ["min_cluster_size"] = "3", ["min_samples"] = "2", ["neighbours"] = "approximate" };
        Assert.Equal(2, Run("hdbscan", parameters).ClusterCount);
    }

    [Theory]
    [InlineData("hdbscan", "min_clustr_size", "5", "min_clustr_size")]
    [InlineData("hdbscan", "cluster_selection_method", "best", "eom or leaf")]
    [InlineData("hdbscan", "min_cluster_size", "many", "min_cluster_size must be an integer")]
    [InlineData("hdbscan", "cluster_selection_epsilon", "wide", "cluster_selection_epsilon must be a number")]
    [InlineData("hdbscan", "allow_single_cluster", "maybe", "true or false")]
    [InlineData("xmeans", "min_cluster_size", "5", "k_min")]
    [InlineData("kmeans", "init", "best", "needs n_clusters")]
    [InlineData("dbscan", "xi", "0.1", "eps, min_samples")]
    [InlineData("optics", "pca", "0", "pca must be at least 1")]
    [InlineData("hdbscan", "neighbours", "1", "auto, exact or approximate")]
    [InlineData("kmeans", "umap", "0", "umap must be at least 1")]
    public void Bad_parameters_are_refused_with_a_reason(string algorithm, string name, string value, string said)
    {
        var e = Assert.Throws<FormatException>(() => ClusteringParameters.Bind(algorithm, new Dictionary<string, string> { [name] = value }, 0));
        Assert.Contains(said, e.Message);
    }

    [Fact]
    public void An_unknown_algorithm_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => ClusteringParameters.Bind("kmeans-magic", new Dictionary<string, string>(), 0));
        Assert.Contains("hdbscan, dbscan, optics, kmeans or xmeans", e.Message);
    }

    [Fact]
    public void Name_value_pairs_parse_and_malformed_or_repeated_ones_are_refused()
    {
        Assert.Equal(new Dictionary<string, string> { ["xi"] = "0.05", ["min_samples"] = "5" }, ClusteringParameters.Parse(["xi=0.05", " min_samples = 5"]));
        Assert.Contains("is not name=value", Assert.Throws<FormatException>(() => ClusteringParameters.Parse(["=3"])).Message);
        Assert.Contains("given twice", Assert.Throws<FormatException>(() => ClusteringParameters.Parse(["xi=1", "xi=2"])).Message);
    }
}
