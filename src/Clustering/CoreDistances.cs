namespace Pipeline.Clustering;

/// <summary>
/// Exact k-nearest-neighbour distances on the k-d tree. HDBSCAN's core distance is the distance to the k-th
/// neighbour with the point itself counted as the first (scikit-learn's <c>kneighbors(X, min_samples)</c>).
/// </summary>
internal static class CoreDistances
{
    /// <summary>Squared core distance of every row, in tree order.</summary>
    public static float[] Compute(BallTree tree, int k, ParallelOptions parallel, StageProgress progress)
    {
        var core = new float[tree.Count];
        int leavesDone = 0;
        Parallel.For(0, tree.Leaves.Length, parallel,
            () => new Scratch(k, tree.NodeCount),
            (leafIndex, _, scratch) =>
            {
                int leaf = tree.Leaves[leafIndex];
                for (int q = tree.Start[leaf]; q < tree.End[leaf]; q++)
                {
                    scratch.Evals = 0; core[q] = KthSquared(tree, q, scratch); if (tree.Original[q] >= tree.Count * 19 / 20) Interlocked.Add(ref Scratch.Noise, scratch.Evals); else Interlocked.Add(ref Scratch.Blob, scratch.Evals);
                }
                progress.Report((double)Interlocked.Increment(ref leavesDone) / tree.Leaves.Length);
                return scratch;
            },
            _ => { });
        return core;
    }

    internal sealed class Scratch(int k, int nodeCount)
    {
        public readonly float[] Best = new float[k];
        public readonly int[] Stack = new int[nodeCount];
        public readonly float[] Bound = new float[nodeCount]; public long Evals; public static long Noise, Blob;
    }

    private static float KthSquared(BallTree tree, int q, Scratch s)
    {
        var best = s.Best;
        int k = best.Length;
        Array.Fill(best, float.PositiveInfinity);
        float worst = float.PositiveInfinity;
        int dim = tree.Dim;
        ref float query = ref tree.Row(q);

        int top = 0;
        s.Stack[top] = 0;
        s.Bound[top++] = 0f;
        while (top > 0)
        {
            top--;
            int node = s.Stack[top];
            // Only ties with the current k-th distance can hide in a node at exactly that bound: the value is unchanged.
            if (s.Bound[top] >= worst) continue;
            int left = tree.Left[node];
            if (left < 0)
            {
                for (int p = tree.Start[node]; p < tree.End[node]; p++)
                {
                    float d = Distances.SquaredEuclidean(ref query, ref tree.Row(p), dim); s.Evals++;
                    if (d >= worst) continue;
                    int i = k - 1;
                    while (i > 0 && best[i - 1] > d)
                    {
                        best[i] = best[i - 1];
                        i--;
                    }
                    best[i] = d;
                    worst = best[k - 1];
                }
                continue;
            }
            int right = tree.Right[node];
            float dl = tree.LowerBoundSq(ref query, left);
            float dr = tree.LowerBoundSq(ref query, right);
            // Push the farther child first so the nearer one is searched first and tightens the bound.
            if (dl <= dr)
            {
                Push(s, ref top, right, dr, worst);
                Push(s, ref top, left, dl, worst);
            }
            else
            {
                Push(s, ref top, left, dl, worst);
                Push(s, ref top, right, dr, worst);
            }
        }
        return worst;
    }

    private static void Push(Scratch s, ref int top, int node, float bound, float worst)
    {
        if (bound >= worst) return;
        s.Stack[top] = node;
        s.Bound[top++] = bound;
    }
}
