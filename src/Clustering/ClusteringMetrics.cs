namespace Pipeline.Clustering;

/// <summary>
/// Agreement between two labelings, as scikit-learn computes them (adjusted_rand_score,
/// adjusted_mutual_info_score and normalized_mutual_info_score with arithmetic normalisation).
/// Every label value, -1 included, is a cluster of its own: callers decide what noise means (see
/// <see cref="Evaluate"/>).
/// </summary>
public static partial class ClusteringMetrics
{
    /// <summary>numpy's finfo(float64).eps; .NET's double.Epsilon is the smallest subnormal instead.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    public static double AdjustedRandIndex(int[] truth, int[] pred) => AdjustedRandIndex(new Contingency(truth, pred));

    public static double NormalizedMutualInformation(int[] truth, int[] pred) => NormalizedMutualInformation(new Contingency(truth, pred));

    public static double AdjustedMutualInformation(int[] truth, int[] pred) => AdjustedMutualInformation(new Contingency(truth, pred));

    /// <summary>
    /// Unsupervised clustering accuracy: the share of points whose predicted cluster maps to their class under the
    /// one-to-one mapping of clusters to classes that matches the most points (Hungarian algorithm); 1 for no points.
    /// </summary>
    public static double ClusteringAccuracy(int[] truth, int[] pred) => ClusteringAccuracy(new Contingency(truth, pred));

    private static double AdjustedRandIndex(Contingency table)
    {
        // Ordered pair counts, exact in 128 bits (n^2 products overflow 64 bits past a few million points).
        Int128 n = table.Total, sumSquares = 0, byColumns = 0, byRows = 0;
        foreach (var (row, column, count) in table.Cells)
        {
            sumSquares += (Int128)count * count;
            byColumns += (Int128)count * table.ColumnSums[column];
            byRows += (Int128)count * table.RowSums[row];
        }
        Int128 tp = sumSquares - n, fp = byColumns - sumSquares, fn = byRows - sumSquares;
        Int128 tn = n * n - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) return 1.0;
        return 2.0 * (double)(tp * tn - fn * fp) / (double)((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    }

    private static double NormalizedMutualInformation(Contingency table)
    {
        if (IsTrivialMatch(table)) return 1.0;
        double mi = MutualInformation(table);
        if (mi == 0) return 0.0;
        return mi / ((Entropy(table.RowSums, table.Total) + Entropy(table.ColumnSums, table.Total)) / 2);
    }

    private static double AdjustedMutualInformation(Contingency table)
    {
        if (IsTrivialMatch(table)) return 1.0;
        double mi = MutualInformation(table);
        double emi = ExpectedMutualInformation.Compute(table);
        double normalizer = (Entropy(table.RowSums, table.Total) + Entropy(table.ColumnSums, table.Total)) / 2;
        // normalizer >= emi in exact arithmetic; keep the sign when rounding says otherwise (as scikit-learn does).
        double denominator = normalizer - emi;
        denominator = denominator < 0 ? Math.Min(denominator, -MachineEpsilon) : Math.Max(denominator, MachineEpsilon);
        return (mi - emi) / denominator;
    }

    private static double ClusteringAccuracy(Contingency table)
    {
        if (table.Total == 0) return 1.0;
        int rows = table.RowSums.Length, columns = table.ColumnSums.Length;
        // A cluster that meets one class only can score for that class alone, so per class only the largest such
        // cluster matters; dropping the rest keeps the table small when noise points are singletons.
        var classesMet = new int[columns];
        foreach (var cell in table.Cells) classesMet[cell.Column]++;
        var bestPure = new int[rows];
        var bestPureCount = new long[rows];
        Array.Fill(bestPure, -1);
        foreach (var (row, column, count) in table.Cells)
        {
            if (classesMet[column] == 1 && count > bestPureCount[row]) (bestPure[row], bestPureCount[row]) = (column, count);
        }
        var kept = new int[columns];
        int keptCount = 0;
        for (int c = 0; c < columns; c++) kept[c] = classesMet[c] > 1 ? keptCount++ : -1;
        for (int r = 0; r < rows; r++)
        {
            if (bestPure[r] >= 0) kept[bestPure[r]] = keptCount++;
        }
        var weight = new double[rows, keptCount];
        foreach (var (row, column, count) in table.Cells)
        {
            if (kept[column] >= 0) weight[row, kept[column]] = count;
        }
        var match = Hungarian.Maximise(weight);
        double matched = 0;
        for (int r = 0; r < rows; r++)
        {
            if (match[r] >= 0) matched += weight[r, match[r]];
        }
        return matched / table.Total;
    }

    /// <summary>Both labelings put everything in one class (or there is nothing): a perfect match by convention.</summary>
    private static bool IsTrivialMatch(Contingency table) =>
        table.RowSums.Length == table.ColumnSums.Length && table.RowSums.Length <= 1;

    private static double MutualInformation(Contingency table)
    {
        if (table.RowSums.Length == 1 || table.ColumnSums.Length == 1) return 0.0;
        double total = table.Total, logTotal = Math.Log(total);
        double mi = 0;
        foreach (var (row, column, count) in table.Cells)
        {
            double share = count / total;
            double outer = (double)table.RowSums[row] * table.ColumnSums[column];
            double term = share * (Math.Log(count) - logTotal) + share * (-Math.Log(outer) + 2 * logTotal);
            if (Math.Abs(term) >= MachineEpsilon) mi += term;
        }
        return Math.Max(mi, 0.0);
    }

    private static double Entropy(long[] sizes, int total)
    {
        if (total == 0) return 1.0;
        double logTotal = Math.Log(total), entropy = 0;
        foreach (long size in sizes) entropy -= (double)size / total * (Math.Log(size) - logTotal);
        return entropy;
    }
}
