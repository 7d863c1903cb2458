using Bunit;
using Pipeline.Dashboard.Components.Search;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>The search page's noise filter panel asks a real Cluster worker to train and apply, and follows the tasks.</summary>
[Collection(PipelineCollection.Name)]
public sealed class NoiseFilterPanelTests : BunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly PipelineFixture _fx;

    public NoiseFilterPanelTests(PipelineFixture fx)
    {
        _fx = fx;
        Services.AddDashboardServices(fx);
    }

    [Fact]
    public async Task Train_and_apply_buttons_run_worker_tasks_and_the_panel_shows_where_the_filter_stands()
    {
        // Every third vector leans the other way in its first dimensions: the noise the labels teach.
        var name = "panel-" + Guid.NewGuid().ToString("N")[..8];
        await _fx.SeedModelAsync(name, 8, 2000, """
            (SELECT array_agg(CASE WHEN d <= 3 THEN (CASE WHEN g.n % 3 = 0 THEN -1 ELSE 1 END) ELSE 0 END + random() - 0.5)::real[]
             FROM generate_series(1, 8) d)
            """);
        await using (var cmd = _fx.Db.CreateCommand("""
            INSERT INTO curation_labels (region_id, keep, at)
            SELECT e.region_id, e.vector::real[] > array[0]::real[], now() FROM embeddings e JOIN embedding_models m ON m.id = e.model_id
            WHERE m.name = $1 ORDER BY e.id LIMIT 200
            """))
        {
            cmd.Parameters.AddWithValue(name);
            await cmd.ExecuteNonQueryAsync();
        }
        var model = (await new VectorSearch(_fx.Db).ModelAsync(name, default))!;

        var panel = Render<NoiseFilterPanel>(p => p.Add(x => x.Model, model));
        panel.WaitForAssertion(() => Assert.Contains("200 (", panel.Find("dd[data-field=labels-now]").TextContent), Wait);
        Assert.True(panel.Find("#search-filter-apply").HasAttribute("disabled"), "nothing to apply before a filter is trained");

        panel.Find("#search-filter-train").Click();
        panel.WaitForAssertion(() => Assert.Equal("noise-train Succeeded", TaskShown(panel)), Wait);
        Assert.Contains("weighted F1", panel.Find("#search-filter-task").TextContent);
        panel.WaitForAssertion(() => Assert.Contains("on 200 labels", panel.Find("dd[data-field=trained]").TextContent), Wait);

        panel.Find("#search-filter-apply").Click();
        panel.WaitForAssertion(() => Assert.Equal("noise-apply Succeeded", TaskShown(panel)), Wait);
        await using var counts = _fx.Db.CreateCommand(
            "SELECT kept_count, excluded_count FROM noise_filters f JOIN embedding_models m ON m.id = f.model_id WHERE m.name = $1");
        counts.Parameters.AddWithValue(name);
        await using var r = await counts.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        var (kept, excluded) = (r.GetInt64(0), r.GetInt64(1));
        Assert.Equal(2000, kept + excluded);
        Assert.InRange(excluded, 600, 734); // a third, give or take the forest's few mistakes
        panel.WaitForAssertion(() => Assert.Contains($"{kept} kept, {excluded} excluded", panel.Find("dd[data-field=applied]").TextContent), Wait);
    }

    private static string TaskShown(IRenderedComponent<NoiseFilterPanel> panel) =>
        panel.Find("#search-filter-task") is var p ? $"{p.GetAttribute("data-kind")} {p.GetAttribute("data-status")}" : "";
}
