using System.Runtime.InteropServices;

namespace Pipeline.Clustering;

/// <summary>
/// A binary space-partitioning tree over float32 rows whose nodes carry both a bounding box and a bounding ball.
/// Nodes split at the median of the projection onto their farthest pair of rows: in high dimensions that separates
/// clusters far better than a single axis, and the ball bound (|q - centre| - radius) prunes where box bounds are
/// too loose. Rows are copied in tree order so a leaf is one contiguous block; nodes are numbered in pre-order, so
/// every child has a larger id than its parent (bottom-up passes run ids downwards).
/// </summary>
internal sealed class BallTree
{
    public const int LeafSize = 16;

    public int Dim { get; }
    public int Count { get; }
    public int NodeCount { get; private set; }

    /// <summary>Rows in tree order, row-major.</summary>
    public float[] Points { get; }

    /// <summary>Tree row to caller row.</summary>
    public int[] Original { get; }

    public int[] Start { get; }
    public int[] End { get; }

    /// <summary>Left child, or -1 for a leaf.</summary>
    public int[] Left { get; }
    public int[] Right { get; }

    public int[] Leaves { get; }

    private readonly float[] _lo, _hi, _centre, _radius;

    public BallTree(ReadOnlySpan<float> data, int count, int dim)
    {
        Dim = dim;
        Count = count;
        // Every split leaves at least LeafSize/2 rows on each side, which bounds the number of leaves.
        int capacity = 2 * Math.Max(1, count / (LeafSize / 2)) + 1;
        Start = new int[capacity];
        End = new int[capacity];
        Left = new int[capacity];
        Right = new int[capacity];
        _lo = new float[capacity * dim];
        _hi = new float[capacity * dim];
        _centre = new float[capacity * dim];
        _radius = new float[capacity];

        Points = data.ToArray();
        Original = new int[count];
        for (int i = 0; i < count; i++) Original[i] = i;
        var leaves = new List<int>();
        var builder = new TreeBuilder(this, new float[count]);
        builder.Build(0, count, leaves);
        Leaves = leaves.ToArray();

        // Reorder the copied rows so that tree row r is caller row Original[r].
        for (int r = 0; r < count; r++) data.Slice(Original[r] * dim, dim).CopyTo(Points.AsSpan(r * dim, dim));
    }

    public ref float Row(int row) => ref Points[row * Dim];

    /// <summary>
    /// A lower bound on the squared distance from q to any row of the node: the larger of the box and ball bounds.
    /// The ball bound is shrunk a little so float rounding can never make it exceed a true distance.
    /// </summary>
    public float LowerBoundSq(ref float q, int node)
    {
        float box = Distances.SquaredToBox(ref q, ref _lo[node * Dim], ref _hi[node * Dim], Dim);
        float gap = MathF.Sqrt(Distances.SquaredEuclidean(ref q, ref _centre[node * Dim], Dim)) - _radius[node];
        return gap > 0 ? MathF.Max(box, gap * gap * 0.9999f) : box;
    }

    /// <summary>Per-node minimum of a per-row value (rows in tree order), filled bottom-up.</summary>
    public float[] NodeMinimum(ReadOnlySpan<float> perRow)
    {
        var result = new float[NodeCount];
        for (int node = NodeCount - 1; node >= 0; node--)
        {
            if (Left[node] < 0)
            {
                float min = float.PositiveInfinity;
                foreach (float v in perRow[Start[node]..End[node]]) min = MathF.Min(min, v);
                result[node] = min;
            }
            else
            {
                result[node] = MathF.Min(result[Left[node]], result[Right[node]]);
            }
        }
        return result;
    }

    /// <summary>Builds nodes over the unordered copy of the rows, permuting <see cref="Original"/>.</summary>
    private sealed class TreeBuilder(BallTree tree, float[] keys)
    {
        private readonly int _dim = tree.Dim;

        private Span<float> Raw(int caller) => tree.Points.AsSpan(caller * _dim, _dim);

        public int Build(int start, int end, List<int> leaves)
        {
            int node = tree.NodeCount++;
            tree.Start[node] = start;
            tree.End[node] = end;
            tree.Left[node] = tree.Right[node] = -1;
            var rows = tree.Original.AsSpan(start, end - start);
            Bound(node, rows);

            int mid = rows.Length <= LeafSize ? -1 : TwoMeansSplit(node, rows, keys.AsSpan(start, rows.Length));
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
            var lo = tree._lo.AsSpan(node * _dim, _dim);
            var hi = tree._hi.AsSpan(node * _dim, _dim);
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
            var centre = tree._centre.AsSpan(node * _dim, _dim);
            for (int d = 0; d < _dim; d++) centre[d] = (float)(sum[d] / rows.Length);
            float radiusSq = 0;
            foreach (int r in rows) radiusSq = MathF.Max(radiusSq, Distances.SquaredEuclidean(ref centre[0], ref Raw(r)[0], _dim));
            // Pad the radius so rounding in later distance computations cannot put a row outside its ball.
            tree._radius[node] = MathF.Sqrt(radiusSq) * 1.0001f;
        }

        /// <summary>
        /// Scores each row by which side of a 2-means boundary it falls (negative: first side). The two means start
        /// at an approximately farthest pair and take a few Lloyd steps, so the cut tends to run through the gap
        /// between clusters instead of through a cluster. Returns the split position, or -1 if all rows coincide.
        /// </summary>
        private int TwoMeansSplit(int node, ReadOnlySpan<int> rows, Span<float> score)
        {
            var a = Raw(Farthest(rows, tree._centre.AsSpan(node * _dim, _dim))).ToArray();
            var b = Raw(Farthest(rows, a)).ToArray();
            if (a.AsSpan().SequenceEqual(b)) return -1;
            var sumA = new double[_dim];
            var sumB = new double[_dim];
            int countA = 0;
            for (int step = 0; step <= 3; step++)
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
                if (step == 3 || countA == 0 || countA == rows.Length) break;
                for (int d = 0; d < _dim; d++)
                {
                    a[d] = (float)(sumA[d] / countA);
                    b[d] = (float)(sumB[d] / (rows.Length - countA));
                }
            }
            // Keep the tree from degenerating: each side gets at least an eighth (and at least LeafSize / 2 rows).
            int minSide = Math.Max(LeafSize / 2, rows.Length / 8);
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
        private static void SelectMedian(Span<int> rows, Span<float> keys, int k)
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
}
