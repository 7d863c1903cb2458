namespace Pipeline.Search.Tests;

public class NeighbourPathTests
{
    [Fact]
    public void The_path_follows_the_cheapest_chain_of_neighbours()
    {
        // 0 - 1 - 2 - 3 along a line (steps of 1), and a long edge 0 - 3 of 5: the walk beats the jump.
        int[] neighbours = [1, 3, 0, 2, 1, 3, 2, 0];
        float[] distances = [1, 5, 1, 1, 1, 1, 1, 5];
        Assert.Equal([0, 1, 2, 3], NeighbourPath.Find(neighbours, distances, 4, 2, 0, 3)!);
        Assert.Equal([3, 2, 1, 0], NeighbourPath.Find(neighbours, distances, 4, 2, 3, 0)!);
    }

    [Fact]
    public void An_edge_listed_one_way_links_both_ends()
    {
        // Only row 2 lists row 0; the path from 0 to 2 still exists.
        int[] neighbours = [0, 1, 2, 2, 0, 1];
        float[] distances = [0, 3, 0, 0, 1, 1];
        Assert.Equal([0, 2], NeighbourPath.Find(neighbours, distances, 3, 2, 0, 2)!);
    }

    [Fact]
    public void Disconnected_items_have_no_path_and_an_item_is_its_own_path()
    {
        int[] neighbours = [1, 0, 3, 2];
        float[] distances = [1, 1, 1, 1];
        Assert.Null(NeighbourPath.Find(neighbours, distances, 4, 1, 0, 3));
        Assert.Equal([2], NeighbourPath.Find(neighbours, distances, 4, 1, 2, 2)!);
        Assert.Throws<ArgumentOutOfRangeException>(() => NeighbourPath.Find(neighbours, distances, 4, 1, 0, 4));
    }
}
