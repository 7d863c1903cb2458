namespace Pipeline.Clustering;

/// <summary>One Boruvka round's state and the per-point search for the cheapest edge leaving a component.</summary>
internal sealed class ComponentSearch(BallTree tree, CoreDistances core)
{
    private readonly float[] _coreSq = core.CoreSq;
    private readonly float[] _nodeMinCore = tree.NodeMinimum(core.CoreSq);
    private readonly int[] _nodeComponent = new int[tree.NodeCount];
    private readonly Lock[] _locks = Enumerable.Range(0, 64).Select(_ => new Lock()).ToArray();

    /// <summary>Component (its union-find root) of each tree row, fixed for the round.</summary>
    public int[] Component { get; } = new int[tree.Count];

    /// <summary>Cheapest outgoing edge found so far, indexed by component.</summary>
    public Candidate[] Best { get; } = new Candidate[tree.Count];

    public void StartRound(UnionFind sets)
    {
        for (int i = 0; i < Component.Length; i++)
        {
            Component[i] = sets.Find(i);
            if (Component[i] == i) Best[i] = Candidate.None;
        }
        // A node lying wholly inside one component can be skipped by that component's points.
        for (int node = tree.NodeCount - 1; node >= 0; node--)
        {
            int left = tree.Left[node];
            if (left >= 0)
            {
                int c = _nodeComponent[left];
                _nodeComponent[node] = c == _nodeComponent[tree.Right[node]] ? c : -1;
                continue;
            }
            int first = Component[tree.Start[node]];
            for (int r = tree.Start[node] + 1; r < tree.End[node] && first >= 0; r++)
            {
                if (Component[r] != first) first = -1;
            }
            _nodeComponent[node] = first;
        }
    }

    public void Search(int q, SearchScratch s)
    {
        int c = Component[q];
        float coreQ = _coreSq[q];
        // Every edge from q weighs at least core(q): no use searching if the component already has better.
        if (coreQ > Volatile.Read(ref Best[c].WeightSq)) return;

        var local = FromNeighbours(q, c, coreQ);
        if (local.WeightSq != coreQ) local = FromTree(q, c, coreQ, local, s);
        if (local.Low < 0) return;
        lock (_locks[c & (_locks.Length - 1)])
        {
            if (local.IsBefore(Best[c])) Best[c] = local;
        }
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

    /// <summary>
    /// Depth-first search, nearer child first. The point's own bound prunes at equality (first found wins); the
    /// component's shared bound prunes only strictly, so it never hides an edge of the component's minimum weight.
    /// </summary>
    private Candidate FromTree(int q, int c, float coreQ, Candidate local, SearchScratch s)
    {
        ref float query = ref tree.Row(q);
        int top = 0;
        if (_nodeComponent[0] != c) s.Push(ref top, 0, coreQ);
        while (top > 0)
        {
            top--;
            int node = s.Nodes[top];
            float shared = Volatile.Read(ref Best[c].WeightSq);
            if (s.Bounds[top] >= local.WeightSq || s.Bounds[top] > shared) continue;

            int left = tree.Left[node];
            if (left >= 0)
            {
                bool leftFirst = tree.ChildBounds(ref query, node, out float leftBound, out float rightBound);
                int right = tree.Right[node];
                leftBound = EdgeBound(leftBound, coreQ, left, c);
                rightBound = EdgeBound(rightBound, coreQ, right, c);
                float limit = MathF.Min(local.WeightSq, MathF.BitIncrement(shared));
                if (leftFirst)
                {
                    if (rightBound < limit) s.Push(ref top, right, rightBound);
                    if (leftBound < limit) s.Push(ref top, left, leftBound);
                }
                else
                {
                    if (leftBound < limit) s.Push(ref top, left, leftBound);
                    if (rightBound < limit) s.Push(ref top, right, rightBound);
                }
                continue;
            }

            tree.LeafDistances(ref query, node, s.Leaf);
            int start = tree.Start[node], rows = tree.End[node] - start;
            for (int i = 0; i < rows; i++)
            {
                int p = start + i;
                if (Component[p] == c) continue;
                float w = MathF.Max(MathF.Max(coreQ, _coreSq[p]), s.Leaf[i]);
                if (w >= local.WeightSq || w > shared) continue;
                local = Candidate.Between(q, p, w);
                if (w == coreQ) return local;
            }
        }
        return local;
    }

    /// <summary>Lower bound on any edge from q into the node; +infinity when the node lies inside q's component.</summary>
    private float EdgeBound(float geometric, float coreQ, int node, int component) =>
        _nodeComponent[node] == component
            ? float.PositiveInfinity
            : MathF.Max(MathF.Max(coreQ, _nodeMinCore[node]), geometric);
}
