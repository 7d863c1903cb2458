namespace Pipeline.Clustering;

/// <summary>
/// scikit-learn's condensed tree. Each row is (parent cluster, child, lambda = 1 / distance, child size): a child
/// below PointCount is a point that left the parent at lambda, any other child is a cluster born at lambda. The root
/// cluster has id PointCount and clusters are numbered in breadth-first order, so a parent's id is below its
/// children's (selection relies on that, as scikit-learn's does).
/// </summary>
internal sealed class CondensedTree
{
    public readonly record struct Row(int Parent, int Child, double Lambda, int Size);

    public int PointCount { get; }
    public int ClusterCount { get; }
    public Row[] Rows { get; }

    private CondensedTree(int pointCount, int clusterCount, Row[] rows)
    {
        PointCount = pointCount;
        ClusterCount = clusterCount;
        Rows = rows;
    }

    /// <summary>Walks the dendrogram from the top; a split counts only when both sides keep minClusterSize points.</summary>
    public static CondensedTree Build(SingleLinkageTree linkage, int minClusterSize)
    {
        int n = linkage.PointCount;
        var rows = new List<Row>(n + 16);
        // Breadth-first queue of dendrogram nodes that are still clusters, with their cluster ids.
        var queueNode = new int[n];
        var queueLabel = new int[n];
        int head = 0, tail = 0;
        queueNode[tail] = 2 * n - 2;
        queueLabel[tail++] = n;
        int nextLabel = n + 1;
        var fallOut = new int[2 * n];

        while (head < tail)
        {
            int node = queueNode[head], label = queueLabel[head++];
            int merge = node - n;
            int left = linkage.Left[merge], right = linkage.Right[merge];
            double distance = linkage.Distance[merge];
            double lambda = distance > 0 ? 1.0 / distance : double.PositiveInfinity;
            int leftCount = linkage.SizeOf(left), rightCount = linkage.SizeOf(right);
            bool leftBig = leftCount >= minClusterSize, rightBig = rightCount >= minClusterSize;

            if (leftBig && rightBig)
            {
                rows.Add(new Row(label, nextLabel, lambda, leftCount));
                queueNode[tail] = left;
                queueLabel[tail++] = nextLabel++;
                rows.Add(new Row(label, nextLabel, lambda, rightCount));
                queueNode[tail] = right;
                queueLabel[tail++] = nextLabel++;
                continue;
            }
            // A side too small to be a cluster leaves the parent as individual points; a big side carries its label on.
            if (leftBig)
            {
                queueNode[tail] = left;
                queueLabel[tail++] = label;
            }
            else
            {
                EmitPoints(linkage, left, label, lambda, rows, fallOut);
            }
            if (rightBig)
            {
                queueNode[tail] = right;
                queueLabel[tail++] = label;
            }
            else
            {
                EmitPoints(linkage, right, label, lambda, rows, fallOut);
            }
        }
        return new CondensedTree(n, nextLabel - n, rows.ToArray());
    }

    /// <summary>Adds a row for every point under a dendrogram node, in breadth-first order as scikit-learn does.</summary>
    private static void EmitPoints(SingleLinkageTree linkage, int top, int label, double lambda, List<Row> rows, int[] queue)
    {
        int n = linkage.PointCount;
        int head = 0, tail = 0;
        queue[tail++] = top;
        while (head < tail)
        {
            int node = queue[head++];
            if (node < n)
            {
                rows.Add(new Row(label, node, lambda, 1));
                continue;
            }
            queue[tail++] = linkage.Left[node - n];
            queue[tail++] = linkage.Right[node - n];
        }
    }

    /// <summary>
    /// Excess of mass per cluster (index = id - PointCount): the sum over its rows of (lambda - birth lambda) * size,
    /// the root being born at lambda 0.
    /// </summary>
    public double[] Stability()
    {
        var birth = new double[ClusterCount];
        foreach (var row in Rows)
        {
            if (row.Child >= PointCount) birth[row.Child - PointCount] = row.Lambda;
        }
        var stability = new double[ClusterCount];
        foreach (var row in Rows)
        {
            int parent = row.Parent - PointCount;
            stability[parent] += (row.Lambda - birth[parent]) * row.Size;
        }
        return stability;
    }
}
