namespace Pipeline.Clustering;

/// <summary>An MST edge between two tree rows, weighted by the squared mutual reachability distance.</summary>
internal readonly record struct MstEdge(int A, int B, float WeightSq);

/// <summary>
/// Exact minimum spanning tree of the mutual-reachability graph, mrd(a, b) = max(core a, core b, |a - b|), in
/// O(n) memory. Boruvka rounds: each point searches the k-d tree for its cheapest edge leaving its component,
/// pruning subtrees that lie wholly inside the component and subtrees whose lower bound
/// max(core q, min core in node, box distance) exceeds the component's best edge so far (shared between threads).
/// Ties are broken by the row pair, a total order, so the result never depends on thread timing and Boruvka
/// cannot close a cycle.
/// </summary>
internal static class BoruvkaMst
{
    public static int Rounds; public static MstEdge[] Build(BallTree tree, float[] coreSq, ParallelOptions parallel, StageProgress progress)
    {
        int n = tree.Count;
        var edges = new MstEdge[n - 1];
        int edgeCount = 0;
        var sets = new UnionFind(n);
        var state = new RoundState(tree, coreSq);

        while (edgeCount < n - 1)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            state.StartRound(sets); Rounds++; var t0 = System.Diagnostics.Stopwatch.StartNew(); if (Environment.GetEnvironmentVariable("TRACE") != null) Console.Error.Write($"round {Rounds} edges {edgeCount} ");
            Parallel.For(0, tree.Leaves.Length, parallel,
                () => new SearchStack(tree.NodeCount),
                (leafIndex, _, stack) =>
                {
                    int leaf = tree.Leaves[leafIndex];
                    for (int q = tree.Start[leaf]; q < tree.End[leaf]; q++) state.Search(q, stack);
                    return stack;
                },
                _ => { });

            for (int c = 0; c < n; c++)
            {
                if (state.Component[c] != c) continue;
                var best = state.Best[c];
                if (best.Low >= 0 && sets.Union(best.Low, best.High))
                {
                    edges[edgeCount++] = new MstEdge(best.Low, best.High, best.WeightSq);
                }
            }
            progress.Report((double)edgeCount / (n - 1)); if (Environment.GetEnvironmentVariable("TRACE") != null) Console.Error.WriteLine($"{t0.Elapsed.TotalSeconds:F2}s");
        }
        return edges;
    }

    /// <summary>A candidate edge, ordered by weight, then by its row pair.</summary>
    private struct Candidate
    {
        public float WeightSq;
        public int Low;
        public int High;

        public static Candidate None => new() { WeightSq = float.PositiveInfinity, Low = -1, High = -1 };

        public readonly bool IsBefore(in Candidate other) =>
            WeightSq < other.WeightSq
            || (WeightSq == other.WeightSq && (Low < other.Low || (Low == other.Low && High < other.High)));
    }

    /// <summary>Per-thread depth-first stack of nodes with their lower bounds.</summary>
    internal sealed class SearchStack(int capacity)
    {
        public readonly int[] Nodes = new int[capacity];
        public readonly float[] Bounds = new float[capacity];

        public void Push(ref int top, int node, float bound)
        {
            Nodes[top] = node;
            Bounds[top++] = bound;
        }
    }

    private sealed class RoundState(BallTree tree, float[] coreSq)
    {
        private readonly float[] _nodeMinCore = tree.NodeMinimum(coreSq);
        private readonly int[] _nodeComponent = new int[tree.NodeCount];
        private readonly object[] _locks = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();

        /// <summary>Component (its union-find root) of each tree row, fixed for the round.</summary>
        public readonly int[] Component = new int[tree.Count];

        /// <summary>Cheapest outgoing edge found so far, indexed by component.</summary>
        public readonly Candidate[] Best = new Candidate[tree.Count];

        /// <summary>Lower bound on any edge from q into the node; +infinity when the node lies inside q's component.</summary>
        private float ChildBound(ref float query, float coreQ, int node, int component) =>
            _nodeComponent[node] == component
                ? float.PositiveInfinity
                : MathF.Max(MathF.Max(coreQ, _nodeMinCore[node]), tree.LowerBoundSq(ref query, node));

        public void StartRound(UnionFind sets)
        {
            for (int i = 0; i < Component.Length; i++)
            {
                Component[i] = sets.Find(i);
                if (Component[i] == i) Best[i] = Candidate.None;
            }
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

        public void Search(int q, SearchStack stack)
        {
            int c = Component[q];
            float coreQ = coreSq[q];
            // Every edge from q weighs at least core(q): no use searching if the component already has better.
            if (coreQ > Volatile.Read(ref Best[c].WeightSq)) return;

            int dim = tree.Dim;
            ref float query = ref tree.Row(q);
            var local = Candidate.None;
            int top = 0;
            if (_nodeComponent[0] != c) stack.Push(ref top, 0, coreQ);
            while (top > 0)
            {
                top--;
                int node = stack.Nodes[top];
                float bound = MathF.Min(local.WeightSq, Volatile.Read(ref Best[c].WeightSq));
                // Strictly greater: a node at exactly the bound may still hold an equal-weight edge with a smaller pair.
                if (stack.Bounds[top] > bound) continue;

                int left = tree.Left[node];
                if (left >= 0)
                {
                    int right = tree.Right[node];
                    float leftBound = ChildBound(ref query, coreQ, left, c);
                    float rightBound = ChildBound(ref query, coreQ, right, c);
                    // The nearer child goes on top so it is searched first and tightens the bound.
                    if (leftBound <= rightBound)
                    {
                        if (rightBound <= bound) stack.Push(ref top, right, rightBound);
                        if (leftBound <= bound) stack.Push(ref top, left, leftBound);
                    }
                    else
                    {
                        if (leftBound <= bound) stack.Push(ref top, left, leftBound);
                        if (rightBound <= bound) stack.Push(ref top, right, rightBound);
                    }
                    continue;
                }

                for (int p = tree.Start[node]; p < tree.End[node]; p++)
                {
                    if (Component[p] == c) continue;
                    float w = MathF.Max(coreQ, coreSq[p]);
                    if (w > bound) continue;
                    w = MathF.Max(w, Distances.SquaredEuclidean(ref query, ref tree.Row(p), dim));
                    if (w > bound) continue;
                    var candidate = new Candidate { WeightSq = w, Low = Math.Min(q, p), High = Math.Max(q, p) };
                    if (candidate.IsBefore(local))
                    {
                        local = candidate;
                        bound = MathF.Min(bound, w);
                    }
                }
            }

            if (local.Low < 0) return;
            lock (_locks[c & (_locks.Length - 1)])
            {
                if (local.IsBefore(Best[c])) Best[c] = local;
            }
        }
    }
}
