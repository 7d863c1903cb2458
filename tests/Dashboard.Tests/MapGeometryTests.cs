using Pipeline.Dashboard.Clusters;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Tests;

public class MapGeometryTests
{
    [Fact]
    public void Quotas_take_everything_when_it_fits()
    {
        var quotas = MapSampling.Quotas([new(-1, 3), new(0, 10), new(1, 2)], 100);
        Assert.Equal(new Dictionary<int, int> { [-1] = 3, [0] = 10, [1] = 2 }, quotas);
    }

    [Fact]
    public void Quotas_fill_the_budget_in_proportion_and_keep_small_clusters()
    {
        var sizes = new ClusterSummary[] { new(-1, 200_000), new(0, 700_000), new(1, 99_990), new(2, 9), new(3, 1) };
        var quotas = MapSampling.Quotas(sizes, 5000);

        Assert.Equal(5000, quotas.Values.Sum());
        Assert.All(sizes, s => Assert.InRange(quotas[s.Cluster], 1, s.Size));
        Assert.InRange(quotas[0], 3490, 3510);
        Assert.InRange(quotas[-1], 990, 1010);
    }

    [Fact]
    public void With_more_clusters_than_points_the_largest_get_one_each()
    {
        var sizes = Enumerable.Range(0, 50).Select(c => new ClusterSummary(c, 10 + c)).ToList();
        var quotas = MapSampling.Quotas(sizes, 20);

        Assert.Equal(20, quotas.Count);
        Assert.All(quotas, q => Assert.Equal(1, q.Value));
        Assert.Equal(Enumerable.Range(30, 20), quotas.Keys.Order());
    }

    [Fact]
    public void Layout_fills_the_drawing_inside_its_margin_with_y_up_and_the_aspect_kept()
    {
        MapPoint P(float x, float y) => new(0, Guid.Empty, Guid.Empty, x, y);
        var placed = MapLayout.Place([P(-1, 0), P(3, 1), P(1, 2)], 1000, 500, 10);

        Assert.All(placed, p => { Assert.InRange(p.Cx, 10, 990); Assert.InRange(p.Cy, 10, 490); });
        // Height limits: 2 data units over 480 pixels, so 4 units of x take 960, centred.
        Assert.Equal((20, 490), (Math.Round(placed[0].Cx), Math.Round(placed[0].Cy)));
        Assert.Equal((980, 250), (Math.Round(placed[1].Cx), Math.Round(placed[1].Cy)));
        Assert.Equal(10, Math.Round(placed[2].Cy));
    }
}
