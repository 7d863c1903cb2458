namespace Pipeline.Integration.Tests;

/// <summary>
/// The Ingest, Detect and Embed workers with a small back-pressure limit on both downstream queues and small slices,
/// so a few hundred images are many times the limit.
/// </summary>
public sealed class BackPressureFixture : PipelineFixture
{
    public const int Limit = 40;
    public const int FilesPerSlice = 8;

    protected override void AddSettings(Dictionary<string, string> env)
    {
        env["Ingest__FilesPerMessage"] = FilesPerSlice.ToString();
        env["Ingest__BackPressure__MaxPendingImages"] = Limit.ToString();
        env["Ingest__BackPressure__MaxPendingRegions"] = Limit.ToString();
        env["Ingest__BackPressure__CheckIntervalMilliseconds"] = "200";
        // One model is enough here, and keeps Embed quick.
        env.Remove("Embed__Models__1");
    }

    protected override IReadOnlyList<string> Projects => ["Ingest.Worker", "Detect.Worker", "Embed.Worker"];
}

[CollectionDefinition(Name)]
public sealed class BackPressureCollection : ICollectionFixture<BackPressureFixture>
{
    public const string Name = "back-pressure";
}
