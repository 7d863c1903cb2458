using System.Runtime.InteropServices;

namespace Pipeline.Clustering;

/// <summary>Builds <see cref="BallTree"/> nodes over the unordered copy of the rows, permuting its <see cref="BallTree.Original"/>.</summary>
internal sealed class BallTreeBuilder(BallTree tree, float[] keys)
{
    private readonly int _dim = tree.Dim;

    /// <summary>Lloyd steps per split: one already moves the cut into the gap; more cost time and prune no better.</summary>
    private const int LloydSteps = 1;

    private Span<float> Raw(int caller) => tree.Points.AsSpan(caller * _dim, _dim);

    public int Build(int start, int end, List<int> leaves)
    {
        int node = tree.AddNode();
        tree.Start[node] = start;
        tree.End[node] = end;
        tree.Left[node] = tree.Right[node] = -1;
        var rows = tree.Original.AsSpan(start, end - start);
        Bound(node, rows);

        int mid = rows.Length <= BallTree.LeafSize ? -1 : TwoMeansSplit(node, rows, keys.AsSpan(start, rows.Length));
        if (mid < 0)
        {
            leaves.Add(node);
            return node;
        }
        SelectMedian(rows, keys.AsSpan(start, rows.Length), mid);
        tree.Left[node] = Build(start, start + mid, leaves);
        tree.Right[node] = Build(start + mid, end, leaves);
        return node;
    }

    private void Bound(int node, ReadOnlySpan<int> rows)
    {
        var lo = tree.Lo.AsSpan(node * _dim, _dim);
        var hi = tree.Hi.AsSpan(node * _dim, _dim);
        var sum = new double[_dim];
        Raw(rows[0]).CopyTo(lo);
        Raw(rows[0]).CopyTo(hi);
        foreach (int r in rows)
        {
            var x = Raw(r);
            for (int d = 0; d < _dim; d++)
            {
                lo[d] = MathF.Min(lo[d], x[d]);
                hi[d] = MathF.Max(hi[d], x[d]);
                sum[d] += x[d];
            }
        }
        var centre = tree.Centre.AsSpan(node * _dim, _dim);
        for (int d = 0; d < _dim; d++) centre[d] = (float)(sum[d] / rows.Length);
        float radiusSq = 0;
        foreach (int r in rows) radiusSq = MathF.Max(radiusSq, Distances.SquaredEuclidean(ref centre[0], ref Raw(r)[0], _dim));
        // Pad the radius so rounding in later distance computations cannot put a row outside its ball.
        tree.Radius[node] = MathF.Sqrt(radiusSq) * 1.0001f;
    }

    /// <summary>
    /// Scores each row by which side of a 2-means boundary it falls (negative: first side). The two means start
    /// at an approximately farthest pair and take a Lloyd step, so the cut tends to run through the gap between
    /// clusters instead of through a cluster (a median cut halves clusters, and in many dimensions the halves'
    /// balls barely shrink). Returns the split position, or -1 if all rows coincide.
    /// </summary>
    private int TwoMeansSplit(int node, ReadOnlySpan<int> rows, Span<float> score)
    {
        var a = Raw(Farthest(rows, tree.Centre.AsSpan(node * _dim, _dim))).ToArray();
        var b = Raw(Farthest(rows, a)).ToArray();
        if (a.AsSpan().SequenceEqual(b)) return -1;
        var sumA = new double[_dim];
        var sumB = new double[_dim];
        int countA = 0;
        for (int step = 0; step <= LloydSteps; step++)
        {
            Array.Clear(sumA);
            Array.Clear(sumB);
            countA = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                var x = Raw(rows[i]);
                score[i] = Distances.SquaredEuclidean(ref x[0], ref a[0], _dim) - Distances.SquaredEuclidean(ref x[0], ref b[0], _dim);
                var sum = score[i] < 0 ? sumA : sumB;
                if (score[i] < 0) countA++;
                for (int d = 0; d < _dim; d++) sum[d] += x[d];
            }
            if (step == LloydSteps || countA == 0 || countA == rows.Length) break;
            for (int d = 0; d < _dim; d++)
            {
                a[d] = (float)(sumA[d] / countA);
                b[d] = (float)(sumB[d] / (rows.Length - countA));
            }
        }
        // Keep the tree from degenerating: each side gets at least an eighth, and at least half a leaf.
        int minSide = Math.Max(BallTree.LeafSize / 2, rows.Length / 8);
        return Math.Clamp(countA, minSide, rows.Length - minSide);
    }

    private int Farthest(ReadOnlySpan<int> rows, ReadOnlySpan<float> from)
    {
        int best = rows[0];
        float bestSq = -1;
        foreach (int r in rows)
        {
            float sq = Distances.SquaredEuclidean(ref MemoryMarshal.GetReference(from), ref Raw(r)[0], _dim);
            if (sq > bestSq)
            {
                bestSq = sq;
                best = r;
            }
        }
        return best;
    }

    /// <summary>Hoare quickselect on (key, row) pairs: entries before k have key &lt;= entries from k on.</summary>
    internal static void SelectMedian(Span<int> rows, Span<float> keys, int k)
    {
        int lo = 0, hi = rows.Length - 1;
        while (hi > lo)
        {
            float pivot = keys[(lo + hi) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot) i++;
                while (keys[j] > pivot) j--;
                if (i <= j)
                {
                    (rows[i], rows[j]) = (rows[j], rows[i]);
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }
}
