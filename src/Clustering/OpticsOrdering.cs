namespace Pipeline.Clustering;

/// <summary>
/// scikit-learn's compute_optics_graph loop: take the unprocessed point of smallest reachability (the lowest index on
/// ties, infinity included, as np.argmin over the unprocessed points in index order), and if it is core, lower the
/// reachability of every unprocessed point within MaxEps to max(distance, its core distance). Distances are computed
/// on the fly instead of from stored neighbourhoods: with the default infinite MaxEps a neighbourhood is every point,
/// so this is O(n^2) time (as scikit-learn's own loop is) but only O(n) memory.
/// </summary>
internal sealed class OpticsOrdering
{
    /// <summary>Points per parallel slice of one relaxation; smaller slices cost more in scheduling than they save.</summary>
    public const int DefaultSliceSize = 8192;

    private readonly float[] _data;
    private readonly int _dim;
    private readonly double[] _core;
    private readonly double _maxEps;
    private readonly int _sliceSize;
    private readonly int[] _remaining;
    private int _count;

    public int[] Ordering { get; }
    public double[] Reachability { get; }
    public int[] Predecessor { get; }

    private OpticsOrdering(float[] data, int n, int dim, double[] core, double maxEps, int sliceSize)
    {
        (_data, _dim, _core, _maxEps, _sliceSize) = (data, dim, core, maxEps, sliceSize);
        _remaining = Enumerable.Range(0, n).ToArray();
        _count = n;
        Ordering = new int[n];
        Reachability = new double[n];
        Array.Fill(Reachability, double.PositiveInfinity);
        Predecessor = new int[n];
        Array.Fill(Predecessor, -1);
    }

    /// <param name="core">Core distances by point, already rounded and capped at MaxEps as scikit-learn does.</param>
    public static OpticsOrdering Compute(float[] data, int n, int dim, double[] core, double maxEps,
        ParallelOptions parallel, StageProgress progress, int sliceSize = DefaultSliceSize)
    {
        var graph = new OpticsOrdering(data, n, dim, core, maxEps, sliceSize);
        int next = 0;
        for (int step = 0; step < n; step++)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            int point = graph._remaining[next];
            // Removing in place keeps the unprocessed points in index order, which the tie rule depends on.
            Array.Copy(graph._remaining, next + 1, graph._remaining, next, graph._count - next - 1);
            graph._count--;
            graph.Ordering[step] = point;
            next = graph.RelaxAndPick(point, parallel);
            progress.Report((double)(step + 1) / n);
        }
        return graph;
    }

    /// <summary>Relaxes from point and returns the position in _remaining of the next point to process.</summary>
    private int RelaxAndPick(int point, ParallelOptions parallel)
    {
        int slices = (_count + _sliceSize - 1) / _sliceSize;
        if (slices <= 1) return Slice(point, 0, _count);
        var best = new int[slices];
        Parallel.For(0, slices, parallel, s => best[s] = Slice(point, s * _sliceSize, Math.Min(_count, (s + 1) * _sliceSize)));
        // Slices are combined in order with a strict comparison, so the earliest minimum wins as in a serial scan.
        int pick = best[0];
        for (int s = 1; s < slices; s++)
        {
            if (Reachability[_remaining[best[s]]] < Reachability[_remaining[pick]]) pick = best[s];
        }
        return pick;
    }

    private int Slice(int point, int from, int to)
    {
        double core = _core[point];
        bool relax = !double.IsPositiveInfinity(core);
        int best = from;
        for (int pos = from; pos < to; pos++)
        {
            int other = _remaining[pos];
            if (relax)
            {
                double distance = Distances.Euclidean64(ref _data[point * _dim], ref _data[other * _dim], _dim);
                if (distance <= _maxEps)
                {
                    double reach = RoundLikeNumpy(Math.Max(distance, core));
                    if (reach < Reachability[other])
                    {
                        Reachability[other] = reach;
                        Predecessor[other] = point;
                    }
                }
            }
            if (Reachability[other] < Reachability[_remaining[best]]) best = pos;
        }
        return best;
    }

    /// <summary>
    /// scikit-learn rounds core distances and reachabilities to 15 decimal places (np.around, float64 precision) so
    /// values from different distance routines tie; Math.Round scales, rounds half to even and unscales the same way.
    /// </summary>
    public static double RoundLikeNumpy(double value) => Math.Round(value, 15);
}
