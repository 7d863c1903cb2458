namespace Pipeline.Clustering;

/// <summary>
/// Approximate k nearest neighbours by NN-descent (Dong, Charikar and Li 2011, as pynndescent runs it): start from
/// the pairs that share a leaf of the ball tree or of a few random-projection trees, then repeatedly join each
/// point's sampled neighbours with one another ("a neighbour of a neighbour is likely a neighbour") until an
/// iteration changes almost nothing.
/// Determinism: an iteration's join lists are fixed before it joins, and every insert has set semantics
/// (<see cref="NeighbourGraph"/>), so the result depends on the seed only, not on threads or timing.
/// </summary>
internal static class NearestNeighbourDescent
{
    /// <summary>Random-projection trees beside the ball tree; more start closer but cost a pass each.</summary>
    private const int Trees = 4;

    /// <summary>Stop once an iteration changes fewer than this share of the n * k entries (pynndescent's delta).</summary>
    private const double Delta = 0.001;

    private const int MaxIterations = 12;

    /// <summary>k nearest neighbours of each tree row, the row itself excluded.</summary>
    public static NeighbourGraph Build(BallTree tree, int k, int seed, ParallelOptions parallel, StageProgress progress)
    {
        int n = tree.Count, dim = tree.Dim;
        var points = tree.Points;
        var graph = new NeighbourGraph(n, k);
        // Leaves at least 2k + 2 rows wide give every point k candidates from each tree.
        RandomProjectionForest.Seed(graph, points, dim, Trees, Math.Max(BallTree.LeafSize, 2 * k + 2), seed, parallel);
        Parallel.For(0, tree.Leaves.Length, parallel, index =>
        {
            int leaf = tree.Leaves[index];
            var rows = Enumerable.Range(tree.Start[leaf], tree.End[leaf] - tree.Start[leaf]).ToArray();
            RandomProjectionForest.JoinAll(graph, points, dim, rows);
        });
        graph.SettleFresh();
        progress.Report(0.1);

        var candidates = new CandidateLists(n, k);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            candidates.Build(graph, seed, iteration, parallel);
            Parallel.For(0, n, parallel, i => Join(graph, candidates, points, dim, i));
            long changed = graph.SettleFresh();
            progress.Report(0.1 + 0.9 * (iteration + 1) / MaxIterations);
            if (changed <= Delta * n * k) break;
        }
        progress.Report(1);
        return graph;
    }

    /// <summary>Offers every new-new and new-old pair among point i's candidates to both ends.</summary>
    private static void Join(NeighbourGraph graph, CandidateLists candidates, float[] points, int dim, int i)
    {
        var fresh = candidates.Of(i, fresh: true);
        var old = candidates.Of(i, fresh: false);
        for (int a = 0; a < fresh.Length; a++)
        {
            int u = fresh[a];
            for (int b = a + 1; b < fresh.Length; b++) Offer(graph, points, dim, u, fresh[b]);
            foreach (int v in old)
            {
                if (v != u) Offer(graph, points, dim, u, v);
            }
        }
    }

    private static void Offer(NeighbourGraph graph, float[] points, int dim, int u, int v)
    {
        float d = Distances.SquaredEuclidean(ref points[u * dim], ref points[v * dim], dim);
        if (d <= graph.WorstSq(u)) graph.Insert(u, v, d);
        if (d <= graph.WorstSq(v)) graph.Insert(v, u, d);
    }
}
