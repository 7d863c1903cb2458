using Pipeline.Dashboard.Components.Jobs;
using Pipeline.Dashboard.Jobs;
using Pipeline.Storage;
using Pipeline.Storage.Entities;
using static Pipeline.Dashboard.Tests.JobRateMathTests;

namespace Pipeline.Dashboard.Tests;

public class JobProgressRowTests : BunitContext
{
    private IRenderedComponent<JobProgressRow> RenderRow(JobProgress job, JobRates? rates = null, List<JobAction>? actions = null) =>
        Render<JobProgressRow>(p => p
            .Add(r => r.Job, job)
            .Add(r => r.Rates, rates ?? JobRates.None)
            .Add(r => r.Now, job.CreatedAt.AddSeconds(125))
            .Add(r => r.OnAction, (JobAction a) => actions?.Add(a)));

    [Fact]
    public void A_running_job_shows_a_bar_count_and_rate_per_stage_the_eta_and_elapsed_time()
    {
        var row = RenderRow(Job(500, 400, 800, 600, failed: 5) with { DetectFailed = 2 },
            new JobRates(new StageCounts(120, 110, 90, 180, 150.4, 1), TimeSpan.FromMinutes(4)));

        Assert.Equal("running", row.Find("article").GetAttribute("data-state"));
        var ingested = row.Find("tr[data-stage=ingested]");
        Assert.Equal("495", ingested.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Equal("1000", ingested.QuerySelector("progress")!.GetAttribute("max"));
        Assert.Equal("110", ingested.QuerySelector(".rate")!.TextContent);
        Assert.Equal("402 / 495", row.Find("tr[data-stage=detected] .count").TextContent);
        Assert.Empty(row.FindAll("tr[data-stage=regions] progress"));
        Assert.Equal("150", row.Find("tr[data-stage=embedded] .rate").TextContent);
        Assert.Equal("7 / 1000", row.Find("tr[data-stage=failed] .count").TextContent);
        Assert.Equal("ETA 4m 00s", row.Find(".job-eta").TextContent);
        Assert.Equal("elapsed 2m 05s", row.Find(".job-elapsed").TextContent);
        Assert.Equal(["pause", "cancel", "retry", "failures"], row.FindAll(".job-actions button").Select(b => b.GetAttribute("data-action")));
    }

    [Fact]
    public void Without_samples_the_rates_and_eta_say_they_are_unknown()
    {
        var row = RenderRow(Job(10, 0, 0, 0));

        Assert.All(row.FindAll("td.rate"), r => Assert.Equal("–", r.TextContent));
        Assert.Equal("ETA unknown", row.Find(".job-eta").TextContent);
    }

    [Fact]
    public void A_paused_job_says_so_has_no_eta_and_offers_resume()
    {
        var actions = new List<JobAction>();
        var row = RenderRow(Job(500, 400, 400, 400, state: JobState.Paused) with { Deferred = 64 },
            new JobRates(null, TimeSpan.FromMinutes(3)), actions);

        Assert.Equal("paused", row.Find(".job-state").TextContent);
        Assert.Equal("paused: no ETA", row.Find(".job-eta").TextContent);
        Assert.Contains("64 held back", row.Find(".job-files").TextContent);
        Assert.Equal(["resume", "cancel"], row.FindAll(".job-actions button").Select(b => b.GetAttribute("data-action")));
        row.Find("[data-action=resume]").Click();
        Assert.Equal([JobAction.Resume], actions);
    }

    [Fact]
    public void A_cancelled_job_is_ended_with_no_controls_but_its_failures()
    {
        var row = RenderRow(Job(300, 300, 300, 300, failed: 3, state: JobState.Cancelled) with { Cancelled = 697 });

        Assert.Equal("cancelled", row.Find("article").GetAttribute("data-state"));
        Assert.Empty(row.FindAll(".job-eta"));
        Assert.Contains("697 cancelled", row.Find(".job-files").TextContent);
        Assert.Equal(["failures"], row.FindAll(".job-actions button").Select(b => b.GetAttribute("data-action")));
    }

    [Fact]
    public void A_done_job_shows_full_bars_and_no_controls()
    {
        var row = RenderRow(Job(1000, 1000, 2000, 2000));

        Assert.Equal("done", row.Find(".job-state").TextContent);
        Assert.Equal("2000", row.Find("tr[data-stage=embedded] progress").GetAttribute("value"));
        Assert.Empty(row.FindAll(".job-actions button"));
        Assert.Empty(row.FindAll(".job-elapsed"));
    }

    [Fact]
    public void A_job_that_could_not_start_shows_its_error()
    {
        var row = RenderRow(Job(0, 0, 0, 0, total: 0) with { Error = "folder '/x' is outside the allowed roots (/data)" });

        Assert.Equal("failed", row.Find(".job-state").TextContent);
        Assert.Contains("outside the allowed roots", row.Find("[role=alert]").TextContent);
    }
}
