namespace Pipeline.Clustering;

/// <summary>
/// The symmetric fuzzy graph as CSR: row v's edges are Columns[RowStart[v]..RowStart[v + 1]], by increasing column.
/// Built from the directed memberships P by the fuzzy union P + P^T - P o P^T (umap-learn's set_op_mix_ratio = 1)
/// without any n x n matrix: P and P^T are merged row by row.
/// </summary>
internal sealed class FuzzyGraph
{
    public FuzzyGraph(int[] rowStart, int[] columns, float[] weights)
    {
        RowStart = rowStart;
        Columns = columns;
        Weights = weights;
    }

    public int[] RowStart { get; }
    public int[] Columns { get; }
    public float[] Weights { get; }
    public int Count => RowStart.Length - 1;
    public int EdgeCount => Columns.Length;

    /// <summary>The union of the local fuzzy sets of the first k columns of the table.</summary>
    public static FuzzyGraph Build(NeighbourTable table, int k, ParallelOptions parallel)
    {
        int n = table.Count;
        var (sigma, rho) = FuzzyMemberships.SmoothKnnDistances(table, k, parallel);

        // P: each row's positive memberships, sorted by column, in a fixed-stride n x k scratch.
        var outColumns = new int[n * k];
        var outWeights = new float[n * k];
        var outCount = new int[n];
        Parallel.For(0, n, parallel, () => new (int, float)[k], (row, _, pairs) =>
        {
            int count = 0;
            for (int j = 0; j < k; j++)
            {
                int neighbour = table.Indices[row * table.K + j];
                float w = FuzzyMemberships.Strength(row, neighbour, table.Distances[row * table.K + j], sigma[row], rho[row]);
                if (w > 0) pairs[count++] = (neighbour, w);
            }
            Array.Sort(pairs, 0, count);
            for (int j = 0; j < count; j++) (outColumns[row * k + j], outWeights[row * k + j]) = pairs[j];
            outCount[row] = count;
            return pairs;
        }, _ => { });

        // P^T in CSR; filling rows in increasing order keeps each of its rows sorted.
        var inStart = new int[n + 1];
        for (int row = 0; row < n; row++)
        {
            for (int j = 0; j < outCount[row]; j++) inStart[outColumns[row * k + j] + 1]++;
        }
        for (int v = 0; v < n; v++) inStart[v + 1] += inStart[v];
        var inRows = new int[inStart[n]];
        var inWeights = new float[inStart[n]];
        var fill = inStart[..n];
        for (int row = 0; row < n; row++)
        {
            for (int j = 0; j < outCount[row]; j++)
            {
                int at = fill[outColumns[row * k + j]]++;
                (inRows[at], inWeights[at]) = (row, outWeights[row * k + j]);
            }
        }

        var rowStart = new int[n + 1];
        Parallel.For(0, n, parallel, v => rowStart[v + 1] = Merge(v, k, outColumns, outWeights, outCount, inStart, inRows, inWeights, null, null, 0));
        for (int v = 0; v < n; v++) rowStart[v + 1] += rowStart[v];
        var columns = new int[rowStart[n]];
        var weights = new float[rowStart[n]];
        Parallel.For(0, n, parallel, v => Merge(v, k, outColumns, outWeights, outCount, inStart, inRows, inWeights, columns, weights, rowStart[v]));
        return new FuzzyGraph(rowStart, columns, weights);
    }

    /// <summary>Merges row v of P and of P^T (both sorted) as a + b - ab; counts only when columns is null.</summary>
    private static int Merge(int v, int k, int[] outColumns, float[] outWeights, int[] outCount,
        int[] inStart, int[] inRows, float[] inWeights, int[]? columns, float[]? weights, int at)
    {
        int i = v * k, iEnd = i + outCount[v], t = inStart[v], tEnd = inStart[v + 1], written = 0;
        while (i < iEnd || t < tEnd)
        {
            int column;
            float a = 0f, b = 0f;
            if (t >= tEnd || (i < iEnd && outColumns[i] < inRows[t])) (column, a) = (outColumns[i], outWeights[i++]);
            else if (i >= iEnd || inRows[t] < outColumns[i]) (column, b) = (inRows[t], inWeights[t++]);
            else (column, a, b) = (outColumns[i], outWeights[i++], inWeights[t++]);
            if (columns is not null)
            {
                columns[at + written] = column;
                weights![at + written] = a + b - a * b;
            }
            written++;
        }
        return written;
    }

    /// <summary>
    /// Drops edges lighter than the heaviest / epochs: the SGD would sample them less than once (umap-learn does the
    /// same, with its default epochs when asked for ten or fewer).
    /// </summary>
    public FuzzyGraph Pruned(int epochs)
    {
        float max = 0f;
        foreach (float w in Weights) max = MathF.Max(max, w);
        double threshold = max / (double)epochs;
        var rowStart = new int[RowStart.Length];
        int kept = 0;
        for (int v = 0; v < Count; v++)
        {
            for (int e = RowStart[v]; e < RowStart[v + 1]; e++)
            {
                if (Weights[e] >= threshold) kept++;
            }
            rowStart[v + 1] = kept;
        }
        var columns = new int[kept];
        var weights = new float[kept];
        for (int v = 0, at = 0; v < Count; v++)
        {
            for (int e = RowStart[v]; e < RowStart[v + 1]; e++)
            {
                if (Weights[e] >= threshold) (columns[at], weights[at++]) = (Columns[e], Weights[e]);
            }
        }
        return new FuzzyGraph(rowStart, columns, weights);
    }
}
