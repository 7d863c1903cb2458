namespace Pipeline.Clustering;

/// <summary>The ball-tree searches for a point's cheapest edge out of its component: exact, or within a leaf budget.</summary>
internal sealed partial class ComponentSearch
{
    /// <summary>
    /// Depth-first search, nearer child first. The point's own bound prunes at equality (first found wins); the
    /// component's shared bound prunes only strictly, so it never hides an edge of the component's minimum weight.
    /// </summary>
    private Candidate FromTree(int q, int c, float coreQ, Candidate local, SearchScratch s)
    {
        ref float query = ref _tree.Row(q);
        int top = 0;
        if (_nodeComponent[0] != c) s.Push(ref top, 0, coreQ);
        while (top > 0)
        {
            top--;
            int node = s.Nodes[top];
            float shared = Volatile.Read(ref Best[c].WeightSq);
            if (s.Bounds[top] >= local.WeightSq || s.Bounds[top] > shared) continue;

            int left = _tree.Left[node];
            if (left >= 0)
            {
                bool leftFirst = _tree.ChildBounds(ref query, node, out float leftBound, out float rightBound);
                int right = _tree.Right[node];
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
            if (ScanLeaf(q, c, coreQ, node, ref local, shared, s)) return local;
        }
        return local;
    }

    /// <summary>
    /// Visits at most the leaf budget's leaves, nearest ball centre first: in many dimensions the balls' lower
    /// bounds are mostly zero and order nothing, while the centres still say where q's surroundings are. The search
    /// ignores the component's shared bound, so what it finds within its budget does not depend on timing.
    /// </summary>
    private Candidate FromTreeBudgeted(int q, int c, float coreQ, Candidate local, SearchScratch s)
    {
        ref float query = ref _tree.Row(q);
        var queue = s.Queue;
        queue.Clear();
        if (_nodeComponent[0] != c) queue.Enqueue((0, coreQ), 0f);
        int leaves = 0;
        while (queue.TryDequeue(out var entry, out _))
        {
            var (node, bound) = entry;
            if (bound >= local.WeightSq) continue;
            int left = _tree.Left[node];
            if (left < 0)
            {
                if (++leaves > _leafBudget || ScanLeaf(q, c, coreQ, node, ref local, float.PositiveInfinity, s)) break;
                continue;
            }
            foreach (int child in (ReadOnlySpan<int>)[left, _tree.Right[node]])
            {
                float childBound = EdgeBound(_tree.LowerBoundSq(ref query, child, out float centreSq), coreQ, child, c);
                if (childBound < local.WeightSq) queue.Enqueue((child, childBound), centreSq);
            }
        }
        return local;
    }

    /// <summary>Improves local from one leaf's rows; true when it reached core(q), which nothing can beat.</summary>
    private bool ScanLeaf(int q, int c, float coreQ, int leaf, ref Candidate local, float shared, SearchScratch s)
    {
        _tree.LeafDistances(ref _tree.Row(q), leaf, s.Leaf);
        int start = _tree.Start[leaf], rows = _tree.End[leaf] - start;
        for (int i = 0; i < rows; i++)
        {
            int p = start + i;
            if (Component[p] == c) continue;
            float w = MathF.Max(MathF.Max(coreQ, _coreSq[p]), s.Leaf[i]);
            if (w >= local.WeightSq || w > shared) continue;
            local = Candidate.Between(q, p, w);
            if (w == coreQ) return true;
        }
        return false;
    }

    /// <summary>Lower bound on any edge from q into the node; +infinity when the node lies inside q's component.</summary>
    private float EdgeBound(float geometric, float coreQ, int node, int component) =>
        _nodeComponent[node] == component
            ? float.PositiveInfinity
            : MathF.Max(MathF.Max(coreQ, _nodeMinCore[node]), geometric);
}
