namespace Pipeline.Clustering;

/// <summary>
/// Orthonormalises the rows of a small dense matrix in place: modified Gram-Schmidt run twice per row, since one
/// pass loses orthogonality in proportion to the condition number and a second restores it ("twice is enough").
/// </summary>
internal static class GramSchmidt
{
    /// <summary>A row left with less than this share of its length lies in the span of those before it.</summary>
    private const double Dependent = 1e-9;

    public static void OrthonormaliseRows(double[] matrix, int rows, int dim)
    {
        if (rows > dim) throw new ArgumentOutOfRangeException(nameof(rows), "More rows than dimensions cannot be orthonormal.");
        for (int i = 0; i < rows; i++)
        {
            var row = matrix.AsSpan(i * dim, dim);
            double before = Norm(row);
            double after = Project(matrix, i, dim);
            if (!(after > Dependent * before))
            {
                // Rank deficient (data of lower rank than asked for): continue with the unit axis the basis covers least.
                row.Clear();
                row[LeastCovered(matrix, i, dim)] = 1;
                after = Project(matrix, i, dim);
            }
            foreach (ref double value in row) value /= after;
        }
    }

    /// <summary>Removes from row i its components along rows 0..i-1, twice; returns what is left of its norm.</summary>
    private static double Project(double[] matrix, int i, int dim)
    {
        var row = matrix.AsSpan(i * dim, dim);
        for (int pass = 0; pass < 2; pass++)
        {
            for (int j = 0; j < i; j++)
            {
                var basis = matrix.AsSpan(j * dim, dim);
                double dot = Dot(row, basis);
                for (int d = 0; d < dim; d++) row[d] -= dot * basis[d];
            }
        }
        return Norm(row);
    }

    private static int LeastCovered(double[] matrix, int rows, int dim)
    {
        int best = 0;
        double bestCovered = double.PositiveInfinity;
        for (int d = 0; d < dim; d++)
        {
            double covered = 0;
            for (int j = 0; j < rows; j++) covered += matrix[j * dim + d] * matrix[j * dim + d];
            if (covered < bestCovered)
            {
                bestCovered = covered;
                best = d;
            }
        }
        return best;
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int d = 0; d < a.Length; d++) sum += a[d] * b[d];
        return sum;
    }

    private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));
}
