namespace Pipeline.Clustering;

/// <summary>An MST edge between two tree rows, weighted by the squared mutual reachability distance.</summary>
internal readonly record struct MstEdge(int A, int B, float WeightSq);

/// <summary>
/// Exact minimum spanning tree of the mutual-reachability graph, mrd(a, b) = max(core a, core b, |a - b|), in
/// O(n) memory. Boruvka rounds: every point looks for its cheapest edge leaving its component, first among its k
/// nearest neighbours (an edge there weighs max(core a, core b), often core a itself, which no edge can beat), then
/// in the ball tree, skipping subtrees inside its component and subtrees whose lower bound exceeds the best edge
/// its component has found so far (shared between threads).
/// Determinism: each point keeps the first cheapest edge in its own fixed search order, and the shared bound only
/// prunes strictly, so every point that ties for its component's minimum finds the same edge on every run; the
/// component then takes the smallest (weight, row pair) among them.
/// </summary>
internal static class BoruvkaMst
{
    public static MstEdge[] Build(BallTree tree, CoreDistances core, ParallelOptions parallel, StageProgress progress)
    {
        int n = tree.Count;
        var edges = new MstEdge[n - 1];
        int edgeCount = 0;
        var sets = new UnionFind(n);
        var search = new ComponentSearch(tree, core);

        while (edgeCount < n - 1)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            search.StartRound(sets);
            Parallel.For(0, tree.Leaves.Length, parallel,
                () => new SearchScratch(tree),
                (leafIndex, _, scratch) =>
                {
                    int leaf = tree.Leaves[leafIndex];
                    for (int q = tree.Start[leaf]; q < tree.End[leaf]; q++) search.Search(q, scratch);
                    return scratch;
                },
                _ => { });

            for (int c = 0; c < n; c++)
            {
                if (search.Component[c] != c) continue;
                var best = search.Best[c];
                if (best.Low >= 0 && sets.Union(best.Low, best.High))
                {
                    edges[edgeCount++] = new MstEdge(best.Low, best.High, best.WeightSq);
                }
            }
            progress.Report((double)edgeCount / (n - 1));
        }
        return edges;
    }
}

/// <summary>A candidate edge, ordered by weight, then by its row pair.</summary>
internal struct Candidate
{
    public float WeightSq;
    public int Low;
    public int High;

    public static Candidate None => new() { WeightSq = float.PositiveInfinity, Low = -1, High = -1 };

    public static Candidate Between(int a, int b, float weightSq) =>
        new() { WeightSq = weightSq, Low = Math.Min(a, b), High = Math.Max(a, b) };

    public readonly bool IsBefore(in Candidate other) =>
        WeightSq < other.WeightSq
        || (WeightSq == other.WeightSq && (Low < other.Low || (Low == other.Low && High < other.High)));
}

/// <summary>Per-thread buffers: a depth-first stack of nodes with their lower bounds, and leaf distances.</summary>
internal sealed class SearchScratch(BallTree tree)
{
    public readonly int[] Nodes = new int[tree.NodeCount];
    public readonly float[] Bounds = new float[tree.NodeCount];
    public readonly float[] Leaf = new float[tree.MaxLeafRows + 8];

    public void Push(ref int top, int node, float bound)
    {
        Nodes[top] = node;
        Bounds[top++] = bound;
    }
}
