namespace Pipeline.Clustering;

/// <summary>
/// Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations (Golub and Van Loan 8.5):
/// slower than tridiagonal QR but short, and accurate to the last bits for the few dozen rows PCA needs.
/// </summary>
internal static class SymmetricEigen
{
    private const int MaxSweeps = 64;

    /// <summary>Eigenvalues in descending order and the matching unit eigenvectors as rows (size x size).</summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int size)
    {
        if (matrix.Length != size * size) throw new ArgumentException($"Expected {size} x {size} values.", nameof(matrix));
        var a = (double[])matrix.Clone();
        var v = new double[size * size];
        for (int i = 0; i < size; i++) v[i * size + i] = 1;
        double scale = 0;
        foreach (double x in a) scale += x * x;
        for (int sweep = 0; sweep < MaxSweeps && OffDiagonal(a, size) > 1e-30 * scale; sweep++)
        {
            for (int p = 0; p < size - 1; p++)
            {
                for (int q = p + 1; q < size; q++) Rotate(a, v, size, p, q);
            }
        }
        var order = Enumerable.Range(0, size).OrderByDescending(i => a[i * size + i]).ToArray();
        var values = new double[size];
        var vectors = new double[size * size];
        for (int r = 0; r < size; r++)
        {
            values[r] = a[order[r] * size + order[r]];
            // Column order[r] of V is that eigenvector.
            for (int d = 0; d < size; d++) vectors[r * size + d] = v[d * size + order[r]];
        }
        return (values, vectors);
    }

    /// <summary>A := J^T A J and V := V J with the rotation in (p, q) that zeroes a[p, q].</summary>
    private static void Rotate(double[] a, double[] v, int size, int p, int q)
    {
        double apq = a[p * size + q];
        if (apq == 0) return;
        double tau = (a[q * size + q] - a[p * size + p]) / (2 * apq);
        // The smaller root keeps the rotation under 45 degrees, which is what makes the sweeps converge.
        double t = (tau >= 0 ? 1 : -1) / (Math.Abs(tau) + Math.Sqrt(1 + tau * tau));
        double c = 1 / Math.Sqrt(1 + t * t), s = t * c;
        for (int k = 0; k < size; k++)
        {
            double akp = a[k * size + p], akq = a[k * size + q];
            a[k * size + p] = c * akp - s * akq;
            a[k * size + q] = s * akp + c * akq;
            double vkp = v[k * size + p], vkq = v[k * size + q];
            v[k * size + p] = c * vkp - s * vkq;
            v[k * size + q] = s * vkp + c * vkq;
        }
        for (int k = 0; k < size; k++)
        {
            double apk = a[p * size + k], aqk = a[q * size + k];
            a[p * size + k] = c * apk - s * aqk;
            a[q * size + k] = s * apk + c * aqk;
        }
        a[p * size + q] = a[q * size + p] = 0;
    }

    private static double OffDiagonal(double[] a, int size)
    {
        double sum = 0;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                if (i != j) sum += a[i * size + j] * a[i * size + j];
            }
        }
        return sum;
    }
}
