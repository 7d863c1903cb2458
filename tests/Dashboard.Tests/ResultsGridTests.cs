using Pipeline.Dashboard.Components.Search;
using Pipeline.Storage;
using static Pipeline.Dashboard.Tests.SearchHits;

namespace Pipeline.Dashboard.Tests;

public class ResultsGridTests : BunitContext
{
    private readonly SearchState _state = new();
    private readonly List<string> _events = [];

    private IRenderedComponent<ResultsGrid> RenderGrid(params StoredHit[] hits) => Render<ResultsGrid>(p => p
        .Add(g => g.Hits, hits)
        .Add(g => g.State, _state)
        .Add(g => g.OnMoreLikeThis, h => _events.Add($"more {h.RegionId}"))
        .Add(g => g.OnLabel, e => _events.Add($"label {e.Hit.RegionId} {e.Keep}"))
        .Add(g => g.OnChanged, () => _events.Add("changed")));

    [Fact]
    public void Each_result_shows_its_crop_linked_to_its_image_with_score_path_and_label()
    {
        _state.SetLabels(new Dictionary<Guid, bool> { [Id(2)] = false });
        var grid = RenderGrid(Hit(1, 0.875f, label: "face"), Hit(2, 0.5f));

        var cards = grid.FindAll("li.search-hit");
        Assert.Equal([Id(1).ToString(), Id(2).ToString()], cards.Select(c => c.GetAttribute("data-region")));
        var img = cards[0].QuerySelector("a[href='/images/" + Id(101) + "'] img")!;
        Assert.Equal($"/media/regions/{Id(1)}", img.GetAttribute("src"));
        Assert.Equal("page-001.jpg, region 120×80 at 10,5 (face)", img.GetAttribute("alt"));
        Assert.Equal("0.875", cards[0].QuerySelector("[data-score]")!.TextContent);
        Assert.Contains("/archive/book/page-001.jpg", cards[0].TextContent);
        Assert.Equal(["none", "exclude"], cards.Select(c => c.GetAttribute("data-label")));
        Assert.Contains("label: exclude", cards[1].TextContent);
        Assert.Equal("true", cards[1].QuerySelector("[data-action=exclude]")!.GetAttribute("aria-pressed"));
    }

    [Fact]
    public void Picking_and_marking_change_the_state_and_show_it()
    {
        var grid = RenderGrid(Hit(1), Hit(2), Hit(3));

        grid.FindAll("[data-action=pick]")[2].Change(true);
        grid.FindAll("[data-action=pick]")[0].Change(true);
        grid.FindAll("[data-action=relevant]")[1].Click();
        grid.FindAll("[data-action=irrelevant]")[2].Click();

        Assert.Equal([Id(3), Id(1)], _state.Picked.Select(p => p.RegionId));
        Assert.Equal([true, false, true], grid.FindAll("[data-action=pick]").Select(c => c.HasAttribute("checked")));
        Assert.Equal(["none", "relevant", "irrelevant"], grid.FindAll("li.search-hit").Select(c => c.GetAttribute("data-mark")));
        Assert.Equal("true", grid.FindAll("[data-action=relevant]")[1].GetAttribute("aria-pressed"));
        Assert.Equal((true, false), (_state.MarkOf(Id(2)), _state.MarkOf(Id(3))));
        Assert.Equal(4, _events.Count(e => e == "changed"));
    }

    [Fact]
    public void More_like_this_and_labels_go_to_the_page()
    {
        var grid = RenderGrid(Hit(1), Hit(2));

        grid.FindAll("[data-action=more]")[1].Click();
        grid.FindAll("[data-action=keep]")[0].Click();
        grid.FindAll("[data-action=exclude]")[1].Click();

        Assert.Equal([$"more {Id(2)}", $"label {Id(1)} True", $"label {Id(2)} False"], _events);
    }

    [Fact]
    public void Every_control_is_a_labelled_button_or_checkbox_described_by_its_result()
    {
        var grid = RenderGrid(Hit(1));

        var card = grid.Find("li.search-hit");
        var caption = card.QuerySelector("p.search-caption")!.Id;
        Assert.All(card.QuerySelectorAll("button, input"), c => Assert.Equal(caption, c.GetAttribute("aria-describedby")));
        Assert.All(card.QuerySelectorAll("button"), b => Assert.Equal("button", b.GetAttribute("type")));
        Assert.Equal("Pick", card.QuerySelector("label:has(input[data-action=pick])")!.TextContent.Trim());
    }

    [Fact]
    public void A_path_is_shown_in_order_with_each_step_similarity()
    {
        var strip = Render<PathStrip>(p => p.Add(s => s.Steps, [Hit(4, 1f), Hit(7, 0.62f), Hit(2, 0.71f)]));

        var steps = strip.FindAll("#search-path-steps li");
        Assert.Equal([Id(4).ToString(), Id(7).ToString(), Id(2).ToString()], steps.Select(s => s.GetAttribute("data-region")));
        Assert.Equal(["start", "step 1: 0.620", "step 2: 0.710"], steps.Select(s => s.QuerySelector("span")!.TextContent));
        Assert.All(steps, s => Assert.StartsWith("/media/regions/", s.QuerySelector("img")!.GetAttribute("src")));
    }
}
