namespace Pipeline.Integration.Tests;

public partial class PipelineFixture
{
    /// <summary>Where the Ingest worker unpacks archives: its default, under the derivatives folder.</summary>
    public string ExtractRoot => Path.Combine(WorkDir, "derivatives", "extracted");

    /// <summary>Fails when any service has exited or stopped answering /health.</summary>
    public async Task AssertAllHealthyAsync()
    {
        foreach (var service in _services) await service.WaitHealthyAsync(Http, TimeSpan.FromSeconds(10));
    }
}
