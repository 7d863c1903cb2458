using Pipeline.Dashboard.Components.Search;
using Pipeline.Dashboard.Search;
using Pipeline.Search;
using static Pipeline.Dashboard.Tests.SearchHits;

namespace Pipeline.Dashboard.Tests;

public class SearchStateTests
{
    private static readonly SearchForm Form = new() { Model = "tiny-clip", K = 7, Threshold = 0.2f, Job = Id(42), KeptOnly = true, Text = "a fox" };

    [Fact]
    public void Marks_grow_round_by_round_and_every_round_repeats_the_original_query()
    {
        var state = new SearchState();
        state.ShowNew(Response(Hit(1), Hit(2), Hit(3)), 12, Form.TextQuery().Origin);
        state.Mark(Id(1), relevant: true);
        state.Mark(Id(2), relevant: false);

        var first = state.NextRound();
        Assert.Equal(("a fox", "tiny-clip", 7, 0.2f, Id(42), true), (first.Text, first.Model, first.K, first.Threshold, first.Job, first.KeptOnly));
        Assert.Equal([Id(1)], first.Relevant);
        Assert.Equal([Id(2)], first.Irrelevant);

        state.ShowRefined(Response(Hit(1), Hit(3), Hit(4)), 30);
        state.Mark(Id(4), relevant: true);
        var second = state.NextRound();
        Assert.Equal([Id(1), Id(4)], second.Relevant.Order());
        Assert.Equal([Id(2)], second.Irrelevant);
        Assert.NotEqual(first.Seed, second.Seed); // other random negatives each round
        Assert.Equal(1, state.Results!.Round);
    }

    [Fact]
    public void A_new_query_starts_with_no_marks_but_keeps_the_picks()
    {
        var state = new SearchState();
        state.ShowNew(Response(Hit(1), Hit(2)), 5, Form.TextQuery().Origin);
        state.Mark(Id(1), relevant: true);
        state.TogglePick(Hit(1));
        state.TogglePick(Hit(2));

        state.ShowNew(Response(Hit(3)), 5, Form.TextQuery().Origin);

        Assert.Empty(state.Relevant);
        Assert.Equal("mark at least one result relevant", state.RefineBlocked);
        Assert.Equal([Id(1), Id(2)], state.Picked.Select(p => p.RegionId));
        state.TogglePick(Hit(1));
        Assert.Equal([Id(2)], state.Picked.Select(p => p.RegionId));
    }

    [Fact]
    public void Marking_the_other_way_moves_a_result_and_the_same_way_again_unmarks_it()
    {
        var state = new SearchState();
        state.Mark(Id(1), relevant: true);
        state.Mark(Id(1), relevant: false);
        Assert.Equal((false, 0, 1), (state.MarkOf(Id(1)), state.Relevant.Count, state.Irrelevant.Count));
        state.Mark(Id(1), relevant: false);
        Assert.Null(state.MarkOf(Id(1)));
    }

    [Fact]
    public void An_uploaded_image_query_cannot_be_refined_and_says_why()
    {
        var state = new SearchState();
        Assert.Equal("run a query first", state.RefineBlocked);
        state.ShowNew(Response(Hit(1)), 5, origin: null);
        state.Mark(Id(1), relevant: true);
        Assert.Contains("uploaded image is not stored", state.RefineBlocked);
        Assert.Throws<InvalidOperationException>(state.NextRound);
    }

    [Fact]
    public void Labels_shown_are_the_latest_stored()
    {
        var state = new SearchState();
        state.SetLabels(new Dictionary<Guid, bool> { [Id(1)] = true, [Id(2)] = false });
        state.SetLabels(new Dictionary<Guid, bool> { [Id(1)] = false });
        Assert.Equal((false, false, (bool?)null), (state.LabelOf(Id(1)), state.LabelOf(Id(2)), state.LabelOf(Id(3))));
    }

    [Fact]
    public void The_summary_states_the_cost_the_service_reported()
    {
        var scan = new ShownResults(new SearchResponse("m", "multi-cv", [Hit(1)], new ScanCost(60, 64, 1.54)), 14.4, 0);
        Assert.Equal("1 results from m (multi-cv) in 14 ms; exact scan of 60 vectors on 64 dimensions took 1.5 ms", scan.Summary);
        var index = new ShownResults(Response(Hit(1), Hit(2)), 3, 2);
        Assert.Equal("2 results from tiny-clip (text, round 2) in 3 ms; HNSW index, re-ranked exactly", index.Summary);
    }

    [Fact]
    public void The_form_scopes_every_kind_of_query_and_refuses_what_the_page_does_not_offer()
    {
        var form = new SearchForm { Model = "m", K = 3, LikeId = $" {Id(5)} ", Mode = MultiImageMode.Cv, Dimensions = 300 };
        var (similar, origin) = form.SimilarQuery();
        Assert.Equal((Id(5), "m", 3), (similar.Id, similar.Model, similar.K));
        Assert.Equal(Id(5), origin.Id);

        Assert.Contains("d must be between 64 and 256", Assert.Throws<SearchRequestException>(() => form.MultiQuery([Id(1)])).Message);
        form.Mode = MultiImageMode.Mean;
        var (multi, again) = form.MultiQuery([Id(1), Id(2)]);
        Assert.Equal((MultiImageMode.Mean, 2, "m"), (multi.Mode, multi.Ids.Length, multi.Model));
        Assert.Equal(multi.Ids, again.Ids);

        form.LikeId = "page-7";
        Assert.Contains("'page-7' is not a region or image id", Assert.Throws<SearchRequestException>(() => form.SimilarQuery()).Message);
    }
}
