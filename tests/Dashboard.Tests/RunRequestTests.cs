using Pipeline.Dashboard.Clusters;

namespace Pipeline.Dashboard.Tests;

public class RunRequestTests
{
    private static readonly Guid Snapshot = Guid.NewGuid();
    private static string? ModelOf(Guid id) => id == Snapshot ? "tiny-clip" : null;

    [Fact]
    public void A_valid_form_becomes_the_command_the_worker_runs()
    {
        var request = RunRequest.Build(new RunRequestInput
        {
            Source = $"snapshot:{Snapshot}", Algorithm = "hdbscan", MinClusterSize = 8, Pca = 16, Extra = "cluster_selection_method=leaf\nmin_samples=3", Seed = 4,
        }, ModelOf);

        Assert.Equal((Snapshot, "tiny-clip", "hdbscan", 4), (request.SnapshotId!.Value, request.Model, request.Algorithm, request.Seed));
        Assert.Equal(new Dictionary<string, string> { ["min_cluster_size"] = "8", ["pca"] = "16", ["cluster_selection_method"] = "leaf", ["min_samples"] = "3" },
            request.Parameters);
        Assert.NotEqual(Guid.Empty, request.RunId);
    }

    [Fact]
    public void A_model_source_asks_for_a_new_snapshot()
    {
        var request = RunRequest.Build(new RunRequestInput { Source = "model:weightfree-v1", Algorithm = "kmeans", Clusters = 4 }, ModelOf);
        Assert.Equal((null, "weightfree-v1"), (request.SnapshotId, request.Model));
    }

    [Theory]
    [InlineData("", "hdbscan", null, null, "choose a snapshot")]
    [InlineData("model:m", "kmeans", null, null, "kmeans needs n_clusters")]
    [InlineData("model:m", "kmeans", 5, null, "unknown parameter(s) min_cluster_size")]
    [InlineData("model:m", "hdbscan", null, "min_samples", "'min_samples' is not name=value")]
    [InlineData("model:m", "hdbscan", 5, "min_cluster_size=6", "min_cluster_size is given twice")]
    [InlineData("model:m", "hdbscan", null, "min_samples=lots", "min_samples must be an integer")]
    [InlineData("model:m", "spectral", null, null, "choose an algorithm")]
    public void Bad_forms_are_refused_with_the_reason(string source, string algorithm, int? minClusterSize, string? extra, string reason)
    {
        var e = Assert.Throws<FormatException>(() => RunRequest.Build(
            new RunRequestInput { Source = source, Algorithm = algorithm, MinClusterSize = minClusterSize, Extra = extra }, ModelOf));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void An_unknown_snapshot_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => RunRequest.Build(new RunRequestInput { Source = $"snapshot:{Guid.NewGuid()}" }, ModelOf));
        Assert.Contains("does not exist", e.Message);
    }
}
