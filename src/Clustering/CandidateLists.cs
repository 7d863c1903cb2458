namespace Pipeline.Clustering;

/// <summary>
/// One NN-descent iteration's join lists: for each point, a sample of its new and of its old neighbours, each
/// taken in both directions (j lists i as well as i listing j). A list keeps the Capacity ids with the smallest
/// hashed priority (an id offered twice counts at its smaller one), which is the same set in whatever order the
/// offers arrive.
/// </summary>
internal sealed class CandidateLists(int count, int capacity)
{
    public int Capacity { get; } = capacity;
    private readonly int[] _ids = new int[2 * count * capacity];
    private readonly uint[] _priority = new uint[2 * count * capacity];
    private readonly int[] _length = new int[2 * count];
    private readonly Lock[] _locks = Enumerable.Range(0, 1024).Select(_ => new Lock()).ToArray();

    /// <summary>The new (or old) candidates of point i.</summary>
    public ReadOnlySpan<int> Of(int i, bool fresh)
    {
        int list = 2 * i + (fresh ? 0 : 1);
        return _ids.AsSpan(list * Capacity, _length[list]);
    }

    public void Build(NeighbourGraph graph, int seed, int iteration, ParallelOptions parallel)
    {
        Array.Clear(_length);
        int k = graph.K;
        Parallel.For(0, graph.Count, parallel, i =>
        {
            for (int s = 0; s < k; s++)
            {
                int j = graph.Ids[i * k + s];
                if (j < 0) continue;
                bool fresh = graph.Flags[i * k + s] != NeighbourGraph.Old;
                uint priority = (uint)Hashing.Mix(seed, iteration, i, j);
                Offer(2 * i + (fresh ? 0 : 1), j, priority);
                Offer(2 * j + (fresh ? 0 : 1), i, priority);
            }
        });
        // A new neighbour that made it into the sample is joined now, so it is old from here on.
        Parallel.For(0, graph.Count, parallel, i =>
        {
            var sample = Of(i, fresh: true);
            for (int s = 0; s < k; s++)
            {
                int e = i * k + s;
                if (graph.Flags[e] != NeighbourGraph.Old && sample.Contains(graph.Ids[e])) graph.Flags[e] = NeighbourGraph.Old;
            }
        });
    }

    private void Offer(int list, int id, uint priority)
    {
        int start = list * Capacity;
        lock (_locks[(list >> 1) & (_locks.Length - 1)])
        {
            int length = _length[list];
            int largest = -1;
            for (int s = start; s < start + length; s++)
            {
                if (_ids[s] == id)
                {
                    _priority[s] = Math.Min(_priority[s], priority);
                    return;
                }
                if (largest < 0 || After(_priority[s], _ids[s], _priority[largest], _ids[largest])) largest = s;
            }
            if (length < Capacity)
            {
                _ids[start + length] = id;
                _priority[start + length] = priority;
                _length[list] = length + 1;
                return;
            }
            if (!After(_priority[largest], _ids[largest], priority, id)) return;
            _ids[largest] = id;
            _priority[largest] = priority;
        }
    }

    private static bool After(uint p, int id, uint otherP, int otherId) => p > otherP || (p == otherP && id > otherId);
}
