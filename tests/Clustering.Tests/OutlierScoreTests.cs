namespace Pipeline.Clustering.Tests;

public class OutlierScoreTests
{
    /// <summary>
    /// 1-d rows 0, 1, 2, 3.5 | 10, 10.5, 11 | 100 with min samples 1 (plain single linkage) and min cluster size 3.
    /// By hand: 100 leaves the root at lambda 1/89; the root splits into A = {0, 1, 2, 3.5} and B at 1/6.5; 3.5 leaves A
    /// at 1/1.5 and 0, 1, 2 at lambda 1; B's rows all leave at 2. The deepest lambda under A is 1, under B 2, under the
    /// root 2, so GLOSH gives 100 a score of 1 - (1/89)/2, 3.5 a score of 1 - (1/1.5)/1 = 1/3, and the rest 0.
    /// </summary>
    [Theory]
    [InlineData(NeighbourSearch.Exact)]
    [InlineData(NeighbourSearch.Approximate)]
    public void GLOSH_and_exemplars_match_a_hand_worked_condensed_tree(NeighbourSearch neighbours)
    {
        float[] data = [0f, 1f, 2f, 3.5f, 10f, 10.5f, 11f, 100f];
        var result = Hdbscan.Fit(data, 8, 1, new HdbscanOptions { MinClusterSize = 3, MinSamples = 1, Neighbours = neighbours });

        Assert.Equal([0, 0, 0, 0, 1, 1, 1, -1], result.Labels);
        float[] expected = [0f, 0f, 0f, 1f / 3, 0f, 0f, 0f, 1 - 1f / 178];
        Assert.Equal(expected, result.OutlierScores!, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal([[0, 1, 2], [4, 5, 6]], result.Exemplars!.Select(e => e.Order().ToArray()).ToArray());
    }

    [Fact]
    public void Exemplars_are_members_that_leave_their_leaf_last_and_score_zero()
    {
        const int n = 3000, dim = 8;
        var (data, _) = SyntheticBlobs.Make(n, dim, 6, seed: 12);
        var options = new HdbscanOptions { MinClusterSize = 20, MinSamples = 5 };
        var result = Hdbscan.Fit(data, n, dim, options);
        var condensed = CondensedTree.Build(
            SingleLinkageTree.FromOrderedEdges(n, SingleLinkageTree.InCanonicalOrder(Hdbscan.SpanningTree(data, n, dim, 5, new ParallelOptions(), null))),
            options.MinClusterSize);
        var rowOf = condensed.Rows.Where(r => r.Child < n).ToDictionary(r => r.Child);

        Assert.Equal(result.ClusterCount, result.Exemplars!.Length);
        for (int label = 0; label < result.ClusterCount; label++)
        {
            Assert.NotEmpty(result.Exemplars[label]);
            foreach (int row in result.Exemplars[label])
            {
                Assert.Equal(label, result.Labels[row]);
                Assert.Equal(1f, result.Probabilities[row]);
                Assert.Equal(0f, result.OutlierScores![row]);
                var leaf = rowOf[row].Parent;
                Assert.DoesNotContain(condensed.Rows, r => r.Parent == leaf && r.Child >= n);
                Assert.Equal(condensed.Rows.Where(r => r.Parent == leaf).Max(r => r.Lambda), rowOf[row].Lambda);
            }
        }
        Assert.All(result.OutlierScores!, s => Assert.InRange(s, 0f, 1f));
    }
}
