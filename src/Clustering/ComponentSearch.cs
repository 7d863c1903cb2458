namespace Pipeline.Clustering;

/// <summary>
/// One Boruvka round's state and the per-point search for the cheapest edge leaving a component
/// (the tree searches are in ComponentSearch.Tree.cs).
/// With the approximate path's wider neighbour graph, a round first takes each component's cheapest graph edge that
/// leaves it, and a point whose other edges all weigh more than that (they are at least as long as its farthest
/// listed neighbour) does not search at all.
/// </summary>
internal sealed partial class ComponentSearch(BallTree tree, CoreDistances core, NeighbourGraph? wide)
{
    private readonly BallTree _tree = tree;
    private readonly float[] _coreSq = core.CoreSq;
    private readonly float[] _nodeMinCore = tree.NodeMinimum(core.CoreSq);
    private readonly int[] _nodeComponent = new int[tree.NodeCount];
    private readonly Lock[] _locks = Enumerable.Range(0, 64).Select(_ => new Lock()).ToArray();

    /// <summary>The component whose points do not search this round (the others find its edges), or -1.</summary>
    private int _skipped = -1;

    /// <summary>Leaves one point's tree search may visit this round; 0 for no limit (an exact search).</summary>
    private int _leafBudget;

    /// <summary>Component (its union-find root) of each tree row, fixed for the round.</summary>
    public int[] Component { get; } = new int[tree.Count];

    /// <summary>Cheapest outgoing edge found so far, indexed by component.</summary>
    public Candidate[] Best { get; } = new Candidate[tree.Count];

    public void StartRound(UnionFind sets, bool skipLargest, int leafBudget, ParallelOptions parallel)
    {
        _leafBudget = leafBudget;
        for (int i = 0; i < Component.Length; i++)
        {
            Component[i] = sets.Find(i);
            if (Component[i] == i) Best[i] = Candidate.None;
        }
        _skipped = skipLargest ? Largest() : -1;
        // A node lying wholly inside one component can be skipped by that component's points.
        for (int node = _tree.NodeCount - 1; node >= 0; node--)
        {
            int left = _tree.Left[node];
            if (left >= 0)
            {
                int c = _nodeComponent[left];
                _nodeComponent[node] = c == _nodeComponent[_tree.Right[node]] ? c : -1;
                continue;
            }
            int first = Component[_tree.Start[node]];
            for (int r = _tree.Start[node] + 1; r < _tree.End[node] && first >= 0; r++)
            {
                if (Component[r] != first) first = -1;
            }
            _nodeComponent[node] = first;
        }
        if (wide is not null) Parallel.For(0, _tree.Count, parallel, FromGraph);
    }

    public void Search(int q, SearchScratch s)
    {
        int c = Component[q];
        if (c == _skipped) return;
        float coreQ = _coreSq[q];
        // Every edge from q weighs at least core(q): no use searching if the component already has better.
        if (coreQ > Volatile.Read(ref Best[c].WeightSq)) return;
        if (wide is not null && MathF.Max(coreQ, wide.WorstSq(q)) > Volatile.Read(ref Best[c].WeightSq)) return;

        var local = FromNeighbours(q, c, coreQ);
        if (local.WeightSq != coreQ) local = _leafBudget > 0 ? FromTreeBudgeted(q, c, coreQ, local, s) : FromTree(q, c, coreQ, local, s);
        Offer(c, local);
    }

    /// <summary>Offers q's cheapest graph edge that leaves its component.</summary>
    private void FromGraph(int q)
    {
        int c = Component[q];
        if (c == _skipped) return;
        var local = Candidate.None;
        for (int e = q * wide!.K; e < (q + 1) * wide.K; e++)
        {
            int p = wide.Ids[e];
            if (Component[p] == c) continue;
            var edge = Candidate.Between(q, p, MathF.Max(wide.DistanceSq[e], MathF.Max(_coreSq[q], _coreSq[p])));
            if (edge.IsBefore(local)) local = edge;
        }
        Offer(c, local);
    }

    /// <summary>The component keeps the smallest (weight, row pair) offered, whatever the order of offers.</summary>
    private void Offer(int c, in Candidate local)
    {
        if (local.Low < 0) return;
        lock (_locks[c & (_locks.Length - 1)])
        {
            if (local.IsBefore(Best[c])) Best[c] = local;
        }
    }

    /// <summary>The component with the most points (the lowest root among equals).</summary>
    private int Largest()
    {
        var size = new int[Component.Length];
        int largest = 0;
        foreach (int c in Component) size[c]++;
        for (int c = 1; c < size.Length; c++)
        {
            if (size[c] > size[largest]) largest = c;
        }
        return largest;
    }

    /// <summary>q's k nearest neighbours lie within core(q), so an edge to one weighs max(core q, core p).</summary>
    private Candidate FromNeighbours(int q, int c, float coreQ)
    {
        var local = Candidate.None;
        var neighbours = core.Neighbours.AsSpan(q * core.K, core.K);
        foreach (int p in neighbours)
        {
            if (Component[p] == c) continue;
            float w = MathF.Max(coreQ, _coreSq[p]);
            if (w >= local.WeightSq) continue;
            local = Candidate.Between(q, p, w);
            if (w == coreQ) break;
        }
        return local;
    }
}
