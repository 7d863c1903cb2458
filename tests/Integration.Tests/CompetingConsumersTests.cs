using Pipeline.Vision;

namespace Pipeline.Integration.Tests;

/// <summary>Ingest, Detect and Embed only, small batches (so two processes take turns) and a heartbeat every second.</summary>
public sealed class CompetingConsumersFixture : PipelineFixture
{
    protected override IReadOnlyList<string> Projects => ["Ingest.Worker", "Detect.Worker", "Embed.Worker"];

    protected override void AddSettings(Dictionary<string, string> env)
    {
        env["Detect__BatchSize"] = "8";
        env["Embed__BatchSize"] = "8";
        env["Heartbeat__IntervalSeconds"] = "1";
    }
}

/// <summary>
/// More processes of a worker share its queue: each takes part of the work, none takes a message another already
/// handled, and the stored result is the one a single process would give.
/// </summary>
public sealed class CompetingConsumersTests(CompetingConsumersFixture fx) : IClassFixture<CompetingConsumersFixture>
{
    [Fact]
    public async Task Two_detect_and_two_embed_processes_share_one_job_and_handle_each_message_once()
    {
        await fx.AddInstanceAsync("Detect.Worker");
        await fx.AddInstanceAsync("Embed.Worker");
        // Both must be attached before the work arrives, or the first could take it all.
        await fx.WaitForConsumersAsync("image-ingested", 2, TimeSpan.FromSeconds(30));
        await fx.WaitForConsumersAsync("region-detected", 2, TimeSpan.FromSeconds(30));
        var folder = Path.Combine(fx.WorkDir, "shared-work");
        var images = SyntheticImages.Generate(folder, 120, groups: 4, width: 320, height: 240, seed: 83);

        var job = await fx.IngestAsync(folder);

        Assert.Equal(images.Count, job.Ingested);
        Assert.Equal(job.Ingested, job.Detected);
        Assert.Equal(job.Regions, job.Embedded);
        // The broker's count of what was published to each queue, and that nothing came back for a second delivery.
        var (imagesPublished, imagesRedelivered) = await fx.QueueCountsAsync("image-ingested", job.Ingested);
        var (regionsPublished, regionsRedelivered) = await fx.QueueCountsAsync("region-detected", job.Regions);
        Assert.Equal(job.Ingested, imagesPublished);
        Assert.Equal(job.Regions, regionsPublished);
        Assert.Equal(0, imagesRedelivered + regionsRedelivered);
        // Each process's own count of the messages it finished (its heartbeat row, written every second).
        await AssertSharedAsync("Pipeline.Detect.Worker", imagesPublished);
        await AssertSharedAsync("Pipeline.Embed.Worker", regionsPublished);

        await using var cmd = fx.Db.CreateCommand("""
            SELECT m.name, count(e.region_id), count(DISTINCT e.region_id)
            FROM embedding_models m LEFT JOIN embeddings e ON e.model_id = m.id AND e.job_id = $1 GROUP BY m.name ORDER BY m.name
            """);
        cmd.Parameters.AddWithValue(job.JobId);
        var perModel = new List<(string Model, long Rows, long Regions)>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) perModel.Add((r.GetString(0), r.GetInt64(1), r.GetInt64(2)));
        Assert.Equal([PipelineFixture.TinyClip, "weightfree-v1"], perModel.Select(m => m.Model));
        Assert.All(perModel, m => Assert.Equal((job.Regions, job.Regions), (m.Rows, m.Regions)));
    }

    /// <summary>Both processes of the service did some of the work, and together exactly the published messages.</summary>
    private async Task AssertSharedAsync(string service, long published)
    {
        var counts = await TotalsAsync(service);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (counts.Sum() < published && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            counts = await TotalsAsync(service);
        }
        // Two more beats, so a process that counted more than its share has written it.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        counts = await TotalsAsync(service);
        var shares = string.Join(" + ", counts);
        Assert.True(counts.Count == 2, $"{service}: {counts.Count} instances ({shares})");
        Assert.True(counts.All(c => c > 0), $"{service}: one process did nothing ({shares})");
        Assert.True(counts.Sum() == published, $"{service}: {shares} messages finished, {published} published");
    }

    private async Task<IReadOnlyList<long>> TotalsAsync(string service)
    {
        await using var cmd = fx.Db.CreateCommand("SELECT messages_total FROM worker_instances WHERE service = $1 ORDER BY started_at");
        cmd.Parameters.AddWithValue(service);
        var totals = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) totals.Add(r.GetInt64(0));
        return totals;
    }
}
