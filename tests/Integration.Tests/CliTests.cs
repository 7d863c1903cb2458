namespace Pipeline.Integration.Tests;

[Collection(PipelineCollection.Name)]
public sealed class CliTests(PipelineFixture fx)
{
    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exit, output) = await fx.RunCliAsync("--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "ingest", "status", "cluster", "export", "sample", "bench" })
            Assert.Contains(command, output);
    }

    [Fact]
    public async Task Ingesting_a_missing_folder_says_so_and_fails()
    {
        var (exit, output) = await fx.RunCliAsync("ingest", Path.Combine(fx.WorkDir, "nowhere"));
        Assert.Equal(1, exit);
        Assert.Contains("does not exist", output);
    }

    [Fact]
    public async Task An_unknown_algorithm_is_refused_before_anything_is_sent()
    {
        var (exit, output) = await fx.RunCliAsync("cluster", "--algorithm", "kmeans-magic");
        Assert.NotEqual(0, exit);
        Assert.Contains("kmeans-magic", output);
    }
}
