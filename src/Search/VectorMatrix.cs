namespace Pipeline.Search;

/// <summary>Stored vectors held in memory for exact scans: row i is <c>Data[i*Dimensions ..]</c> with id <c>Ids[i]</c>.</summary>
public sealed record VectorMatrix(long[] Ids, float[] Data, int Dimensions)
{
    public int Count => Ids.Length;

    public ReadOnlySpan<float> Row(int i) => Data.AsSpan(i * Dimensions, Dimensions);
}

/// <summary>One result: the stored vector's id and its score (inner product; cosine for unit vectors).</summary>
public readonly record struct Hit(long Id, float Score);

/// <summary>Hits, best first, with what the exact scan cost.</summary>
public sealed record ScanResult(IReadOnlyList<Hit> Hits, int Scanned, int DimensionsUsed, double Milliseconds);
