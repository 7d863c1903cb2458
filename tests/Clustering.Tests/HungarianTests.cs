namespace Pipeline.Clustering.Tests;

public class HungarianTests
{
    [Fact]
    public void Square_matrix_gets_the_hand_computed_optimum()
    {
        // The six permutations cost 6, 5, 7, 9, 11 and 6; only rows -> (1, 0, 2) costs 5.
        double[,] cost = { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } };
        Assert.Equal([1, 0, 2], Hungarian.Minimise(cost));
    }

    [Fact]
    public void Wide_matrix_matches_every_row()
    {
        // Pairs cost 3 (1, 0), 4 (1, 2), 8 (0, 2), 11 (2, 0), 13 (0, 1) and 17 (2, 1).
        double[,] cost = { { 5, 1, 9 }, { 2, 8, 3 } };
        Assert.Equal([1, 0], Hungarian.Minimise(cost));
    }

    [Fact]
    public void Tall_matrix_leaves_the_costliest_row_out()
    {
        // Two of the three rows are matched: (r0 -> 1, r1 -> 0) costs 3, the best alternative 4.
        double[,] cost = { { 5, 2 }, { 1, 7 }, { 3, 3 } };
        Assert.Equal([1, 0, -1], Hungarian.Minimise(cost));
    }

    [Fact]
    public void Maximise_beats_taking_the_largest_cell_first()
    {
        // Greedy takes 10 and then 1 (11); the optimum is 9 + 9.
        double[,] weight = { { 10, 9 }, { 9, 1 } };
        Assert.Equal([1, 0], Hungarian.Maximise(weight));
    }

    [Fact]
    public void Negative_and_fractional_costs_are_fine()
    {
        double[,] cost = { { -1.5, 0.25 }, { -2.0, -0.5 } };
        // -1.5 - 0.5 = -2.0 against 0.25 - 2.0 = -1.75.
        Assert.Equal([0, 1], Hungarian.Minimise(cost));
    }

    [Fact]
    public void Empty_and_single_cell_matrices()
    {
        Assert.Empty(Hungarian.Minimise(new double[0, 3]));
        Assert.Equal([-1, -1], Hungarian.Minimise(new double[2, 0]));
        Assert.Equal([0], Hungarian.Minimise(new double[,] { { 7 } }));
    }

    [Fact]
    public void Random_matrices_match_brute_force()
    {
        var random = new Random(17);
        for (int trial = 0; trial < 300; trial++)
        {
            int rows = random.Next(1, 7), columns = random.Next(1, 7);
            var cost = new double[rows, columns];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++) cost[i, j] = random.Next(-20, 21);
            }
            var match = Hungarian.Minimise(cost);
            Assert.Equal(Math.Min(rows, columns), match.Count(c => c >= 0));
            Assert.Equal(match.Where(c => c >= 0).Count(), match.Where(c => c >= 0).Distinct().Count());
            double total = Enumerable.Range(0, rows).Where(i => match[i] >= 0).Sum(i => cost[i, match[i]]);
            Assert.Equal(BruteForceMinimum(cost), total);
        }
    }

    /// <summary>Every complete matching of the smaller side, tried one by one.</summary>
    private static double BruteForceMinimum(double[,] cost)
    {
        int rows = cost.GetLength(0), columns = cost.GetLength(1);
        bool wide = rows <= columns;
        int small = Math.Min(rows, columns), large = Math.Max(rows, columns);
        double Cost(int s, int l) => wide ? cost[s, l] : cost[l, s];
        double best = double.PositiveInfinity;
        void Search(int s, bool[] used, double sum)
        {
            if (s == small)
            {
                best = Math.Min(best, sum);
                return;
            }
            for (int l = 0; l < large; l++)
            {
                if (used[l]) continue;
                used[l] = true;
                Search(s + 1, used, sum + Cost(s, l));
                used[l] = false;
            }
        }
        Search(0, new bool[large], 0);
        return best;
    }
}
