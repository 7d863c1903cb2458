namespace Pipeline.Clustering;

/// <summary>A UMAP embedding and what produced it.</summary>
public sealed class UmapResult
{
    internal UmapResult(float[] embedding, int count, int components, double a, double b, int epochs, int edgeCount)
    {
        Embedding = embedding;
        Count = count;
        Components = components;
        A = a;
        B = b;
        Epochs = epochs;
        EdgeCount = edgeCount;
    }

    /// <summary>Count x Components, row-major, in the caller's row order.</summary>
    public float[] Embedding { get; }

    public int Count { get; }
    public int Components { get; }

    /// <summary>The output similarity 1 / (1 + A d^(2B)) fitted to MinDist and Spread.</summary>
    public double A { get; }
    public double B { get; }

    public int Epochs { get; }

    /// <summary>Directed edges of the fuzzy graph the SGD sampled (each undirected edge counts twice).</summary>
    public int EdgeCount { get; }

    public TimeSpan NeighboursTime { get; internal set; }
    public TimeSpan GraphTime { get; internal set; }
    public TimeSpan LayoutTime { get; internal set; }
}
