using System.ComponentModel.DataAnnotations;

namespace Pipeline.Dashboard.Search;

public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Largest image a query may upload.</summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>HNSW search breadth (pgvector's hnsw.ef_search): higher finds more of the true top k, more slowly.</summary>
    [Range(10, 1000)]
    public int HnswEfSearch { get; set; } = Storage.VectorSearch.DefaultEfSearch;

    /// <summary>Model used when a request names none.</summary>
    public string DefaultModel { get; set; } = Vision.WeightFreeEmbedder.Name;
}
