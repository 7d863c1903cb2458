using Pipeline.Contracts;
using Pipeline.Storage;
using Pipeline.Vision;
using RabbitMQ.Client;

namespace Pipeline.Integration.Tests;

/// <summary>
/// With the worker after a queue stopped, Ingest holds instead of filling the queue with the whole job; started again,
/// the job completes. The depth is read by passive declare (exact, unlike the management API's 5 s statistics).
/// </summary>
[Collection(BackPressureCollection.Name)]
public sealed class BackPressureTests(BackPressureFixture fx, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Files = 320;
    // The limit, plus the slice that crossed it and the slices being ingested (two at a time) when the depth was read.
    private const int ImagesBound = BackPressureFixture.Limit + 4 * BackPressureFixture.FilesPerSlice;
    // Regions also get what was past the gate already, between Ingest and Embed: up to the images' limit, in Detect.
    private const int RegionsBound = ImagesBound + BackPressureFixture.Limit;

    [Theory]
    [InlineData("Detect.Worker", "image-ingested", ImagesBound, 711)]
    [InlineData("Embed.Worker", "region-detected", RegionsBound, 712)]
    public async Task A_stalled_stage_holds_ingest_back_and_its_queue_stays_near_the_limit(string stalled, string queue, int bound, int seed)
    {
        var folder = Path.Combine(fx.WorkDir, $"back-pressure-{seed}");
        SyntheticImages.Generate(folder, Files, seed: seed, width: 160, height: 120);
        await using var connection = await new ConnectionFactory { Uri = new Uri(fx.RabbitUri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var progress = new ProgressQueries(fx.Db);
        long maxDepth = 0;
        async Task<long> SampleAsync() => maxDepth = Math.Max(maxDepth, (await channel.QueueDeclarePassiveAsync(queue)).MessageCount);

        // Starts from empty queues, whatever an earlier case left behind.
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(2));
        await fx.KillAsync(stalled, () => Task.FromResult(true));
        var jobId = Guid.NewGuid();
        await fx.SendAsync(Queues.StartIngest, new StartIngest { JobId = jobId, SourcePath = folder });

        // Ingest goes as far as the limit lets it, then holds: its count stops growing well short of the job.
        long ingested = -1;
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            for (var still = 0; still < 12 && DateTime.UtcNow < deadline; await Task.Delay(250))
            {
                await SampleAsync();
                var now = (await progress.GetAsync(jobId, default))?.Ingested ?? 0;
                still = now == ingested && now > 0 ? still + 1 : 0;
                ingested = now;
            }
        }
        finally
        {
            // Whatever the outcome, the next test needs every worker.
            await fx.RestartAsync(stalled);
        }
        Assert.True(ingested is > 0 and < Files / 2, $"ingest did not hold: {ingested} of {Files} ingested with {stalled} stopped");
        Assert.InRange(maxDepth, BackPressureFixture.Limit / 2, bound);

        var end = DateTime.UtcNow.AddMinutes(3);
        JobProgress done;
        while (!(done = (await progress.GetAsync(jobId, default))!).IsComplete && DateTime.UtcNow < end)
        {
            await SampleAsync();
            await Task.Delay(100);
        }
        Assert.Equal(("done", (long)Files, (long)Files, (long)Files), (done.Status, done.Ingested, done.Regions, done.Embedded));
        output.WriteLine($"{queue}: at most {maxDepth} ready (limit {BackPressureFixture.Limit}, bound {bound}); {ingested} of {Files} ingested while {stalled} was stopped");
        Assert.InRange(maxDepth, 0, bound);
    }
}
