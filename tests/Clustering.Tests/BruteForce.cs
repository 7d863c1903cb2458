namespace Pipeline.Clustering.Tests;

/// <summary>
/// O(n^2) oracles in double precision: core distances by sorting all distances, and scikit-learn's own Prim's
/// algorithm over mutual reachability (mst_from_data_matrix).
/// </summary>
internal static class BruteForce
{
    public static double Distance(float[] data, int dim, int a, int b)
    {
        double sum = 0;
        for (int d = 0; d < dim; d++)
        {
            double delta = (double)data[a * dim + d] - data[b * dim + d];
            sum += delta * delta;
        }
        return Math.Sqrt(sum);
    }

    public static double[] CoreDistances(float[] data, int n, int dim, int minSamples)
    {
        var core = new double[n];
        Parallel.For(0, n, i =>
        {
            var all = new double[n];
            for (int j = 0; j < n; j++) all[j] = Distance(data, dim, i, j);
            Array.Sort(all);
            core[i] = all[minSamples - 1];
        });
        return core;
    }

    public static WeightedEdge[] PrimSpanningTree(float[] data, int n, int dim, double[] core)
    {
        var inTree = new bool[n];
        var reach = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var source = new int[n];
        var edges = new WeightedEdge[n - 1];
        int current = 0;
        for (int e = 0; e < n - 1; e++)
        {
            inTree[current] = true;
            double best = double.PositiveInfinity;
            int from = 0, to = 0;
            for (int j = 0; j < n; j++)
            {
                if (inTree[j]) continue;
                double mrd = Math.Max(Math.Max(core[current], core[j]), Distance(data, dim, current, j));
                if (mrd < reach[j])
                {
                    reach[j] = mrd;
                    source[j] = current;
                }
                if (reach[j] < best)
                {
                    best = reach[j];
                    from = source[j];
                    to = j;
                }
            }
            edges[e] = new WeightedEdge(from, to, best);
            current = to;
        }
        return edges;
    }
}
