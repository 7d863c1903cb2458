namespace Pipeline.Clustering;

/// <summary>Sparse contingency table of two labelings; every distinct label value (noise included) is its own class.</summary>
internal sealed class Contingency
{
    public int Total { get; }

    /// <summary>Class sizes of the first labeling (rows) and of the second (columns).</summary>
    public long[] RowSums { get; }
    public long[] ColumnSums { get; }

    /// <summary>Non-zero cells as (row, column, count).</summary>
    public (int Row, int Column, long Count)[] Cells { get; }

    public Contingency(int[] first, int[] second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Length != second.Length) throw new ArgumentException("Labelings differ in length.", nameof(second));
        Total = first.Length;
        var rows = Dense(first, out int rowCount);
        var columns = Dense(second, out int columnCount);
        RowSums = new long[rowCount];
        ColumnSums = new long[columnCount];
        var cells = new Dictionary<long, long>();
        for (int i = 0; i < Total; i++)
        {
            RowSums[rows[i]]++;
            ColumnSums[columns[i]]++;
            long key = (long)rows[i] * columnCount + columns[i];
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }
        Cells = cells.OrderBy(c => c.Key).Select(c => ((int)(c.Key / columnCount), (int)(c.Key % columnCount), c.Value)).ToArray();
    }

    /// <summary>Labels renumbered 0..k-1 in ascending label order (as numpy.unique does).</summary>
    private static int[] Dense(int[] labels, out int classCount)
    {
        var distinct = labels.Distinct().Order().ToArray();
        var index = new Dictionary<int, int>(distinct.Length);
        for (int i = 0; i < distinct.Length; i++) index[distinct[i]] = i;
        classCount = distinct.Length;
        return labels.Select(l => index[l]).ToArray();
    }
}
