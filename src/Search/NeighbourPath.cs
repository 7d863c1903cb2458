namespace Pipeline.Search;

/// <summary>
/// "Style morphing": the shortest path from one stored item to another through a k-nearest-neighbour graph, each
/// step to a near neighbour, so the path walks through the collection from A's look to B's. The graph is taken as
/// undirected (an edge in either direction links the two), weighted by distance; Dijkstra with a binary heap.
/// </summary>
public static class NeighbourPath
{
    /// <param name="neighbours">Count x k neighbour rows (row-major); entries equal to the row itself are ignored.</param>
    /// <param name="distances">The matching distances.</param>
    /// <returns>The rows from <paramref name="from"/> to <paramref name="to"/>, or null when no path joins them.</returns>
    public static int[]? Find(int[] neighbours, float[] distances, int count, int k, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(distances);
        if (neighbours.Length != count * k || distances.Length != neighbours.Length)
            throw new ArgumentException($"expected {count} x {k} neighbours and distances");
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, count);
        ArgumentOutOfRangeException.ThrowIfNegative(to);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(to, count);

        var edges = Undirected(neighbours, distances, count, k);
        var best = new double[count];
        Array.Fill(best, double.PositiveInfinity);
        var previous = new int[count];
        Array.Fill(previous, -1);
        var queue = new PriorityQueue<int, double>();
        best[from] = 0;
        queue.Enqueue(from, 0);
        while (queue.TryDequeue(out var row, out var cost))
        {
            if (row == to) break;
            if (cost > best[row]) continue; // a stale entry: the row was reached more cheaply since
            foreach (var (next, length) in edges[row])
            {
                double through = cost + length;
                if (through >= best[next]) continue;
                best[next] = through;
                previous[next] = row;
                queue.Enqueue(next, through);
            }
        }
        if (double.IsPositiveInfinity(best[to])) return null;
        var path = new List<int>();
        for (int at = to; at != -1; at = previous[at]) path.Add(at);
        path.Reverse();
        return [.. path];
    }

    private static List<(int Next, float Length)>[] Undirected(int[] neighbours, float[] distances, int count, int k)
    {
        var edges = new List<(int, float)>[count];
        for (int i = 0; i < count; i++) edges[i] = new List<(int, float)>(2 * k);
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < k; j++)
            {
                int other = neighbours[i * k + j];
                if (other == i) continue;
                edges[i].Add((other, distances[i * k + j]));
                edges[other].Add((i, distances[i * k + j]));
            }
        }
        return edges;
    }
}
