namespace Pipeline.Clustering;

/// <summary>
/// umap-learn's find_ab_params: the a and b for which 1 / (1 + a x^(2b)) best fits, in least squares over 300 points
/// of [0, 3 * spread], the curve that is 1 up to min_dist and exp(-(x - min_dist) / spread) after it. scipy's
/// curve_fit runs Levenberg-Marquardt from (1, 1); so does this, with an analytic Jacobian, in double.
/// </summary>
internal static class UmapCurve
{
    private const int Points = 300, MaxIterations = 500;

    public static (double A, double B) FindAB(double minDist, double spread)
    {
        var x = new double[Points];
        var y = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            x[i] = spread * 3 * i / (Points - 1);
            y[i] = x[i] < minDist ? 1.0 : Math.Exp(-(x[i] - minDist) / spread);
        }
        double a = 1, b = 1, lambda = 1e-3, error = SquaredError(x, y, a, b);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            // Normal equations J^T J and J^T r of the residuals r_i = f(x_i) - y_i.
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < Points; i++)
            {
                if (x[i] == 0) continue;
                double power = Math.Pow(x[i], 2 * b), f = 1 / (1 + a * power);
                double da = -power * f * f, db = -a * power * 2 * Math.Log(x[i]) * f * f, r = f - y[i];
                jaa += da * da; jab += da * db; jbb += db * db; ga += da * r; gb += db * r;
            }
            bool improved = false;
            while (lambda < 1e12)
            {
                // Marquardt's scaling: the damping grows the diagonal, so it copes with a and b of different scales.
                double maa = jaa * (1 + lambda), mbb = jbb * (1 + lambda), det = maa * mbb - jab * jab;
                double stepA = -(mbb * ga - jab * gb) / det, stepB = -(maa * gb - jab * ga) / det;
                double nextA = a + stepA, nextB = b + stepB;
                double nextError = nextA > 0 && nextB > 0 ? SquaredError(x, y, nextA, nextB) : double.PositiveInfinity;
                if (nextError <= error)
                {
                    bool converged = Math.Abs(stepA) <= 1e-12 * (1 + a) && Math.Abs(stepB) <= 1e-12 * (1 + b);
                    (a, b, error, lambda, improved) = (nextA, nextB, nextError, Math.Max(lambda / 10, 1e-12), !converged);
                    break;
                }
                lambda *= 10;
            }
            if (!improved) break;
        }
        return (a, b);
    }

    private static double SquaredError(double[] x, double[] y, double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = 1 / (1 + a * Math.Pow(x[i], 2 * b)) - y[i];
            sum += r * r;
        }
        return sum;
    }
}
