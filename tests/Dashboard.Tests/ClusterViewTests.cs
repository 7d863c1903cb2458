using Pipeline.Dashboard.Clusters;
using Pipeline.Dashboard.Components.Clusters;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Dashboard.Tests;

public class ClusterViewTests : BunitContext
{
    private static ClusterMember Member(int cluster, float probability, bool exemplar = false) =>
        new(cluster, Guid.NewGuid(), Guid.NewGuid(), probability, exemplar);

    [Fact]
    public void A_strip_shows_exemplars_first_then_the_most_probable_up_to_its_bound()
    {
        var exemplar = Member(3, 0.5f, exemplar: true);
        var strong = Member(3, 0.9f);
        var weak = Member(3, 0.2f);
        var members = new[] { weak, Member(4, 1f, exemplar: true), strong, exemplar, Member(3, 0.1f) };

        var strip = Render<ClusterStrip>(p => p.Add(s => s.Cluster, 3).Add(s => s.Size, 40).Add(s => s.Members, members).Add(s => s.MaxThumbnails, 3));

        var items = strip.FindAll("li[data-region]");
        Assert.Equal([exemplar.RegionId, strong.RegionId, weak.RegionId], items.Select(li => Guid.Parse(li.GetAttribute("data-region")!)));
        Assert.Equal($"/media/regions/{exemplar.RegionId}", items[0].QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal($"/images/{exemplar.ImageId}", items[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.StartsWith("Exemplar of cluster 3", items[0].QuerySelector("img")!.GetAttribute("alt"));
        Assert.StartsWith("Member of cluster 3, probability 0.90", items[1].QuerySelector("img")!.GetAttribute("alt"));
        Assert.Contains("exemplar", items[0].ClassList);
        Assert.Equal("cluster-3", strip.Find("section").Id);
        Assert.Contains("Cluster 3", strip.Find("h3").TextContent);
        Assert.Equal("40", strip.Find("[data-size]").GetAttribute("data-size"));
    }

    [Fact]
    public void The_noise_group_is_its_own_section()
    {
        var strip = Render<ClusterStrip>(p => p.Add(s => s.Cluster, -1).Add(s => s.Size, 7).Add(s => s.Members, [Member(-1, 0), Member(2, 1)]));

        Assert.Equal("noise", strip.Find("section").Id);
        Assert.StartsWith("Noise", strip.Find("h3").TextContent.Trim());
        Assert.Single(strip.FindAll("li"));
        Assert.Contains("of noise", strip.Find("img").GetAttribute("alt"));
    }

    [Fact]
    public void Map_points_take_their_cluster_colour_and_link_to_their_image()
    {
        var points = new[] { new MapPoint(0, Guid.NewGuid(), Guid.NewGuid(), 0, 0), new MapPoint(1, Guid.NewGuid(), Guid.NewGuid(), 1, 1),
            new MapPoint(-1, Guid.NewGuid(), Guid.NewGuid(), 2, 0), new MapPoint(1, Guid.NewGuid(), Guid.NewGuid(), 1, 2) };

        var map = Render<ClusterMap>(p => p.Add(m => m.Points, points).Add(m => m.Total, 4));

        var links = map.FindAll("svg a[data-cluster]");
        Assert.Equal(4, links.Count);
        foreach (var (link, point) in links.Zip(points))
        {
            Assert.Equal(ClusterColours.Of(point.Cluster), link.QuerySelector("circle")!.GetAttribute("fill"));
            Assert.Equal($"/images/{point.ImageId}", link.GetAttribute("href"));
            Assert.Equal($"/media/regions/{point.RegionId}", link.GetAttribute("data-thumb"));
        }
        Assert.Equal(ClusterColours.Noise, links[2].QuerySelector("circle")!.GetAttribute("fill"));
        Assert.NotEqual(ClusterColours.Of(0), ClusterColours.Of(1));
        Assert.Equal("Noise", links[2].QuerySelector("title")!.TextContent);
    }

    [Fact]
    public void The_map_draws_no_more_than_its_bound_and_keeps_every_cluster()
    {
        var random = new Random(5);
        // One huge cluster and a tiny one: proportional sampling alone would drop the tiny one.
        var points = Enumerable.Range(0, 10_000).Select(i => new MapPoint(i < 9_995 ? 0 : 7, Guid.NewGuid(), Guid.NewGuid(),
            random.NextSingle(), random.NextSingle())).ToList();

        var map = Render<ClusterMap>(p => p.Add(m => m.Points, points).Add(m => m.Total, 10_000).Add(m => m.MaxPoints, 500));

        var clusters = map.FindAll("svg a[data-cluster]").Select(a => a.GetAttribute("data-cluster")).ToList();
        Assert.Equal(500, clusters.Count);
        Assert.Contains("7", clusters);
        Assert.Contains("500 points of 10,000", map.Find("figcaption").TextContent);
    }

    [Fact]
    public void Region_boxes_are_drawn_in_original_pixels_over_the_thumbnail()
    {
        var id = Guid.NewGuid();
        var box = new Region { Id = Guid.NewGuid(), ImageId = id, X = 100, Y = 50, Width = 300, Height = 200, Label = "face", Score = 0.8f };
        var whole = new Region { Id = Guid.NewGuid(), ImageId = id, X = 0, Y = 0, Width = 1200, Height = 800 };
        var image = new ImageDetail(id, "/archive/page.png", 1200, 800, [whole, box]);

        var overlay = Render<RegionOverlay>(p => p.Add(o => o.Image, image));

        Assert.Equal($"/media/images/{id}", overlay.Find("img").GetAttribute("src"));
        Assert.Equal("0 0 1200 800", overlay.Find("svg").GetAttribute("viewBox"));
        var rect = Assert.Single(overlay.FindAll("rect"));
        Assert.Equal([box.Id.ToString(), "100", "50", "300", "200"],
            new[] { "data-region", "x", "y", "width", "height" }.Select(a => rect.GetAttribute(a)));
        Assert.Contains("1 detected regions", overlay.Find("img").GetAttribute("alt"));
    }
}
