namespace Pipeline.Clustering.Tests;

public class LinearAlgebraTests
{
    [Fact]
    public void Jacobi_solves_a_hand_computed_two_by_two()
    {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1 along (1, 1) and (1, -1).
        var (values, vectors) = SymmetricEigen.Decompose([2, 1, 1, 2], 2);
        Assert.Equal(3, values[0], 12);
        Assert.Equal(1, values[1], 12);
        Assert.Equal(Math.Abs(vectors[0]), Math.Abs(vectors[1]), 12);
        Assert.Equal(-Math.Sign(vectors[2]), Math.Sign(vectors[3]));
    }

    [Fact]
    public void Jacobi_eigenpairs_reproduce_random_symmetric_matrices()
    {
        var random = new Random(3);
        foreach (int size in new[] { 1, 3, 10, 40 })
        {
            var a = new double[size * size];
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j <= i; j++) a[i * size + j] = a[j * size + i] = random.NextDouble() * 2 - 1;
            }
            var (values, vectors) = SymmetricEigen.Decompose(a, size);
            for (int r = 0; r < size; r++)
            {
                if (r > 0) Assert.True(values[r] <= values[r - 1]);
                for (int i = 0; i < size; i++)
                {
                    double av = 0;
                    for (int j = 0; j < size; j++) av += a[i * size + j] * vectors[r * size + j];
                    Assert.Equal(values[r] * vectors[r * size + i], av, 10);
                }
                for (int s = 0; s < size; s++) Assert.Equal(r == s ? 1 : 0, GramSchmidt.Dot(vectors.AsSpan(r * size, size), vectors.AsSpan(s * size, size)), 12);
            }
        }
    }

    [Fact]
    public void Gram_schmidt_keeps_the_span_and_fills_in_dependent_rows()
    {
        // Row 2 is row 0 plus row 1: dependent, so it is replaced by the axis the first two cover least (z).
        double[] rows = [3, 0, 0, 1, 1, 0, 4, 1, 0];
        GramSchmidt.OrthonormaliseRows(rows, 3, 3);
        Assert.Equal([1, 0, 0, 0, 1, 0, 0, 0, 1], rows.Select(v => Math.Round(v, 12)).ToArray());
    }

    [Fact]
    public void Gram_schmidt_stays_orthonormal_on_nearly_parallel_rows()
    {
        // Condition number near 1e8: one pass of modified Gram-Schmidt leaves errors near 1e-8, the second removes them.
        const int rows = 6, dim = 10;
        var random = new Random(1);
        var matrix = new double[rows * dim];
        for (int i = 0; i < rows; i++)
        {
            for (int d = 0; d < dim; d++) matrix[i * dim + d] = 1 + 1e-8 * random.NextGaussian();
        }
        GramSchmidt.OrthonormaliseRows(matrix, rows, dim);
        for (int a = 0; a < rows; a++)
        {
            for (int b = 0; b < rows; b++) Assert.Equal(a == b ? 1 : 0, GramSchmidt.Dot(matrix.AsSpan(a * dim, dim), matrix.AsSpan(b * dim, dim)), 13);
        }
    }
}
