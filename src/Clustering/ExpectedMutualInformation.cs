namespace Pipeline.Clustering;

/// <summary>
/// Exact expected mutual information of two labelings under the permutation (hypergeometric) model, the
/// correction term of AMI (Vinh, Epps and Bailey 2010), summed as scikit-learn's expected_mutual_information does.
/// </summary>
internal static class ExpectedMutualInformation
{
    public static double Compute(Contingency table)
    {
        long[] a = table.RowSums, b = table.ColumnSums;
        if (a.Length == 1 || b.Length == 1) return 0.0;
        long n = table.Total;
        double logN = Math.Log(n), logFactN = LogFactorial(n);
        double emi = 0;
        foreach (long ai in a)
        {
            double logA = Math.Log(ai), fixedA = LogFactorial(ai) + LogFactorial(n - ai);
            foreach (long bj in b)
            {
                double logB = Math.Log(bj), fixedAb = fixedA + LogFactorial(bj) + LogFactorial(n - bj) - logFactN;
                long start = Math.Max(1, ai - n + bj), end = Math.Min(ai, bj);
                for (long nij = start; nij <= end; nij++)
                {
                    double term2 = logN + Math.Log(nij) - logA - logB;
                    double logProbability = fixedAb - LogFactorial(nij) - LogFactorial(ai - nij)
                        - LogFactorial(bj - nij) - LogFactorial(n - ai - bj + nij);
                    emi += (double)nij / n * term2 * Math.Exp(logProbability);
                }
            }
        }
        return emi;
    }

    private const int TableSize = 1024;
    private static readonly double[] SmallLogFactorials = BuildTable();

    private static double[] BuildTable()
    {
        var table = new double[TableSize];
        for (int i = 2; i < TableSize; i++) table[i] = table[i - 1] + Math.Log(i);
        return table;
    }

    /// <summary>ln(m!): a table for small m, Stirling's series beyond (error far below 1e-15 relative there).</summary>
    internal static double LogFactorial(long m)
    {
        if (m < TableSize) return SmallLogFactorials[m];
        double x = m, inverse = 1.0 / x, inverse2 = inverse * inverse;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x)
            + inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 / 1680)));
    }
}
