namespace Pipeline.Clustering;

/// <summary>
/// Minimum-cost assignment by the Hungarian method with potentials and shortest augmenting paths (Kuhn-Munkres as
/// Jonker and Volgenant arrange it): O(r^2 c) for r rows and c columns. A rectangular matrix behaves as if padded
/// with zero-cost dummies to a square, so the smaller side is matched completely and the rest left out.
/// </summary>
internal static class Hungarian
{
    /// <summary>For each row, its column, or -1 when there are more rows than columns and it is left out.</summary>
    public static int[] Minimise(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        int rows = cost.GetLength(0), columns = cost.GetLength(1);
        foreach (double c in cost)
        {
            if (!double.IsFinite(c)) throw new ArgumentException("Costs must be finite.", nameof(cost));
        }
        if (rows <= columns) return MinimiseWide(cost, rows, columns, transposed: false);
        // Match the columns instead: only the smaller side can be matched completely.
        var byColumn = MinimiseWide(cost, columns, rows, transposed: true);
        var byRow = new int[rows];
        Array.Fill(byRow, -1);
        for (int c = 0; c < columns; c++) byRow[byColumn[c]] = c;
        return byRow;
    }

    /// <summary>Maximum-weight assignment: the same matching on negated weights.</summary>
    public static int[] Maximise(double[,] weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var cost = new double[weight.GetLength(0), weight.GetLength(1)];
        for (int i = 0; i < cost.GetLength(0); i++)
        {
            for (int j = 0; j < cost.GetLength(1); j++) cost[i, j] = -weight[i, j];
        }
        return Minimise(cost);
    }

    /// <summary>
    /// rows <= columns. Rows are added one at a time; Dijkstra over reduced costs (u, v keep them non-negative) finds
    /// the cheapest augmenting path to a free column. Index 0 is a virtual column that holds the row being added.
    /// </summary>
    private static int[] MinimiseWide(double[,] cost, int rows, int columns, bool transposed)
    {
        var u = new double[rows + 1];
        var v = new double[columns + 1];
        var rowOf = new int[columns + 1];
        var previous = new int[columns + 1];
        var slack = new double[columns + 1];
        var done = new bool[columns + 1];
        for (int row = 1; row <= rows; row++)
        {
            rowOf[0] = row;
            int column = 0;
            Array.Fill(slack, double.PositiveInfinity);
            Array.Clear(done);
            do
            {
                done[column] = true;
                int current = rowOf[column], next = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= columns; j++)
                {
                    if (done[j]) continue;
                    double c = (transposed ? cost[j - 1, current - 1] : cost[current - 1, j - 1]) - u[current] - v[j];
                    if (c < slack[j])
                    {
                        slack[j] = c;
                        previous[j] = column;
                    }
                    if (slack[j] < delta)
                    {
                        delta = slack[j];
                        next = j;
                    }
                }
                for (int j = 0; j <= columns; j++)
                {
                    if (done[j])
                    {
                        u[rowOf[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        slack[j] -= delta;
                    }
                }
                column = next;
            }
            while (rowOf[column] != 0);
            // Flip the path back to the virtual column.
            while (column != 0)
            {
                int before = previous[column];
                rowOf[column] = rowOf[before];
                column = before;
            }
        }
        var result = new int[rows];
        for (int j = 1; j <= columns; j++)
        {
            if (rowOf[j] != 0) result[rowOf[j] - 1] = j - 1;
        }
        return result;
    }
}
