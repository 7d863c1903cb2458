namespace Pipeline.Clustering;

/// <summary>
/// A binary space-partitioning tree over float32 rows whose nodes carry both a bounding box and a bounding ball
/// (the box prunes well in few dimensions, the ball in many). Rows are copied in tree order, so a leaf is a
/// contiguous run, and each leaf also keeps a transposed copy (<see cref="LeafBlocks"/>) for its distance kernel.
/// Nodes are numbered in pre-order, so every child has a larger id than its parent (bottom-up passes run downwards).
/// </summary>
internal sealed class BallTree
{
    public const int LeafSize = 32;
    private const int BoxDimensions = 8;

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

    /// <summary>Per-node box corners and ball centres (NodeCount x Dim) and ball radii.</summary>
    internal float[] Lo { get; }
    internal float[] Hi { get; }
    internal float[] Centre { get; }
    internal float[] Radius { get; }

    /// <summary>Most rows in any leaf (identical rows can exceed LeafSize); sizes the kernel's output buffer.</summary>
    public int MaxLeafRows => _blocks.MaxRows;

    private readonly LeafBlocks _blocks;

    public BallTree(ReadOnlySpan<float> data, int count, int dim)
    {
        Dim = dim;
        Count = count;
        // Every split leaves at least LeafSize / 2 rows on each side, which bounds the number of nodes.
        int capacity = 2 * Math.Max(1, count / (LeafSize / 2)) + 1;
        Start = new int[capacity];
        End = new int[capacity];
        Left = new int[capacity];
        Right = new int[capacity];
        Lo = new float[capacity * dim];
        Hi = new float[capacity * dim];
        Centre = new float[capacity * dim];
        Radius = new float[capacity];

        Points = data.ToArray();
        Original = new int[count];
        for (int i = 0; i < count; i++) Original[i] = i;
        var leaves = new List<int>();
        new BallTreeBuilder(this, new float[count]).Build(0, count, leaves);
        Leaves = leaves.ToArray();

        // The builder worked on caller order; now tree row r becomes caller row Original[r].
        for (int r = 0; r < count; r++) data.Slice(Original[r] * dim, dim).CopyTo(Points.AsSpan(r * dim, dim));
        _blocks = new LeafBlocks(this);
    }

    internal int AddNode() => NodeCount++;

    public ref float Row(int row) => ref Points[row * Dim];

    /// <summary>Squared distances from q to the rows of a leaf, in row order; result needs MaxLeafRows + 8 slots.</summary>
    public void LeafDistances(ref float q, int leaf, Span<float> result) => _blocks.Distances(ref q, leaf, result);

    /// <summary>A lower bound on the squared distance from q to any row of the node.</summary>
    public float LowerBoundSq(ref float q, int node, out float centreSq)
    {
        // Boxes only pay for themselves in a few dimensions; in many, the ball bound is the tighter one by far.
        float box = Dim <= BoxDimensions ? Distances.SquaredToBox(ref q, ref Lo[node * Dim], ref Hi[node * Dim], Dim) : 0f;
        centreSq = Distances.SquaredEuclidean(ref q, ref Centre[node * Dim], Dim);
        float gap = MathF.Sqrt(centreSq) - Radius[node];
        return Conservative(box, gap);
    }

    /// <summary>A lower bound on the squared distance between any row of node a and any row of node b.</summary>
    public float NodeLowerBoundSq(int a, int b, out float centreSq)
    {
        float box = Dim <= BoxDimensions
            ? Distances.SquaredBoxToBox(ref Lo[a * Dim], ref Hi[a * Dim], ref Lo[b * Dim], ref Hi[b * Dim], Dim)
            : 0f;
        centreSq = Distances.SquaredEuclidean(ref Centre[a * Dim], ref Centre[b * Dim], Dim);
        float gap = MathF.Sqrt(centreSq) - Radius[a] - Radius[b];
        return Conservative(box, gap);
    }

    /// <summary>Node-to-node bounds for both children of a node, nearer (by centre) first when bounds tie.</summary>
    public bool ChildBounds(int query, int node, out float left, out float right)
    {
        left = NodeLowerBoundSq(query, Left[node], out float leftCentre);
        right = NodeLowerBoundSq(query, Right[node], out float rightCentre);
        return left < right || (left == right && leftCentre <= rightCentre);
    }

    /// <summary>
    /// Lower bounds for both children of a node; true when the left child should be searched first. Ties (both 0
    /// when q lies inside both balls) go to the nearer centre, which finds q's own neighbourhood first.
    /// </summary>
    public bool ChildBounds(ref float q, int node, out float left, out float right)
    {
        left = LowerBoundSq(ref q, Left[node], out float leftCentre);
        right = LowerBoundSq(ref q, Right[node], out float rightCentre);
        return left < right || (left == right && leftCentre <= rightCentre);
    }

    /// <summary>
    /// The larger of the box and ball bounds, shrunk a little: the bounds and the leaf kernel round differently,
    /// and a bound must never exceed a distance the kernel computes (that could prune an exact tie).
    /// </summary>
    private static float Conservative(float box, float ballGap) =>
        MathF.Max(box, ballGap > 0 ? ballGap * ballGap : 0f) * 0.9999f;

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
}
