namespace Pipeline.Clustering;

/// <summary>
/// Each point's K best neighbours found so far, ascending by (squared distance, id), for NN-descent.
/// An insert keeps the K smallest (distance, id) pairs of everything ever offered, so the lists after any batch of
/// inserts are the same whatever order (or thread) the inserts came in: that is what makes the search deterministic.
/// </summary>
internal sealed class NeighbourGraph
{
    /// <summary>Flag of an entry NN-descent has already joined from.</summary>
    public const byte Old = 0;

    /// <summary>Flag of an entry not yet joined from.</summary>
    public const byte New = 1;

    /// <summary>Flag of an entry inserted in the current iteration (also new); lets the iteration count its changes.</summary>
    public const byte Fresh = 2;

    public int Count { get; }
    public int K { get; }
    public float[] DistanceSq { get; }
    public int[] Ids { get; }
    public byte[] Flags { get; }

    private readonly Lock[] _locks = Enumerable.Range(0, 1024).Select(_ => new Lock()).ToArray();

    public NeighbourGraph(int count, int k)
    {
        Count = count;
        K = k;
        DistanceSq = new float[count * k];
        Ids = new int[count * k];
        Flags = new byte[count * k];
        Array.Fill(DistanceSq, float.PositiveInfinity);
        Array.Fill(Ids, -1);
    }

    /// <summary>The current K-th distance; it only shrinks, so a stale read is still a safe filter.</summary>
    public float WorstSq(int i) => Volatile.Read(ref DistanceSq[i * K + K - 1]);

    /// <summary>Offers j as a neighbour of i; false if i's list is unchanged.</summary>
    public bool Insert(int i, int j, float distanceSq)
    {
        if (distanceSq > WorstSq(i)) return false;
        int row = i * K;
        lock (_locks[i & (_locks.Length - 1)])
        {
            if (!Before(distanceSq, j, DistanceSq[row + K - 1], Ids[row + K - 1])) return false;
            for (int s = 0; s < K; s++)
            {
                if (Ids[row + s] == j) return false;
            }
            int slot = K - 1;
            while (slot > 0 && Before(distanceSq, j, DistanceSq[row + slot - 1], Ids[row + slot - 1]))
            {
                DistanceSq[row + slot] = DistanceSq[row + slot - 1];
                Ids[row + slot] = Ids[row + slot - 1];
                Flags[row + slot] = Flags[row + slot - 1];
                slot--;
            }
            DistanceSq[row + slot] = distanceSq;
            Ids[row + slot] = j;
            Flags[row + slot] = Fresh;
            return true;
        }
    }

    /// <summary>(distance, id) order; an empty slot (id -1, +infinity) sorts last.</summary>
    private static bool Before(float d, int id, float otherD, int otherId) =>
        d < otherD || (d == otherD && (uint)id < (uint)otherId);

    /// <summary>Turns this iteration's fresh entries into plain new ones and returns how many there were.</summary>
    public long SettleFresh()
    {
        long fresh = 0;
        for (int e = 0; e < Flags.Length; e++)
        {
            if (Flags[e] != Fresh) continue;
            Flags[e] = New;
            fresh++;
        }
        return fresh;
    }
}
