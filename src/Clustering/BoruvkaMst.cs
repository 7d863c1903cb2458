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
/// <see cref="Build"/> runs plain exact rounds; <see cref="GraphSpanningTree"/> drives the rounds itself, with a
/// neighbour graph, a skipped largest component and leaf budgets (see <see cref="Round"/>).
/// </summary>
internal sealed class BoruvkaMst(BallTree tree, CoreDistances core, ParallelOptions parallel, NeighbourGraph? wide = null)
{
    private readonly UnionFind _sets = new(tree.Count);
    private readonly MstEdge[] _edges = new MstEdge[tree.Count - 1];
    private readonly ComponentSearch _search = new(tree, core, wide);
    private readonly System.Collections.Concurrent.ConcurrentBag<SearchScratch> _scratch = [];

    public int EdgeCount { get; private set; }
    public bool Spans => EdgeCount == tree.Count - 1;

    public static MstEdge[] Build(BallTree tree, CoreDistances core, ParallelOptions parallel, StageProgress progress)
    {
        var forest = new BoruvkaMst(tree, core, parallel);
        while (!forest.Spans)
        {
            forest.Round(skipLargest: false, leafBudget: 0);
            progress.Report((double)forest.EdgeCount / (tree.Count - 1));
        }
        return forest.Edges();
    }

    public MstEdge[] Edges() => Spans ? _edges : throw new InvalidOperationException("The forest does not span yet.");

    /// <summary>
    /// One Boruvka round: every component takes its cheapest outgoing edge. Skipping the largest component keeps
    /// every edge taken a minimum spanning tree edge and still merges every other component, and when one component
    /// holds most points, its search would be most of the round's work. A leaf budget (0: none) bounds each point's
    /// tree search, so the edge a component takes is then only nearly its cheapest.
    /// </summary>
    public void Round(bool skipLargest, int leafBudget)
    {
        parallel.CancellationToken.ThrowIfCancellationRequested();
        _search.StartRound(_sets, skipLargest, leafBudget, parallel);
        // Parallel.For may start many short tasks; pooled scratch keeps each from allocating tree-sized buffers.
        Parallel.For(0, tree.Leaves.Length, parallel,
            () => _scratch.TryTake(out var pooled) ? pooled : new SearchScratch(tree),
            (leafIndex, _, scratch) =>
            {
                int leaf = tree.Leaves[leafIndex];
                for (int q = tree.Start[leaf]; q < tree.End[leaf]; q++) _search.Search(q, scratch);
                return scratch;
            },
            _scratch.Add);

        int before = EdgeCount;
        for (int c = 0; c < tree.Count; c++)
        {
            if (_search.Component[c] != c) continue;
            var best = _search.Best[c];
            if (best.Low >= 0 && _sets.Union(best.Low, best.High)) _edges[EdgeCount++] = new MstEdge(best.Low, best.High, best.WeightSq);
        }
        // Only distances that overflow float32 (infinite weights) can leave a round without an edge; never loop on.
        if (EdgeCount == before) throw new ArgumentException("Distances overflow float32; scale the data down.");
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
    public readonly PriorityQueue<(int Node, float Bound), float> Queue = new();

    public void Push(ref int top, int node, float bound)
    {
        Nodes[top] = node;
        Bounds[top++] = bound;
    }
}
