using Npgsql;
using Pgvector;

namespace Pipeline.Storage;

/// <summary>A model whose vectors can be searched.</summary>
public sealed record SearchModel(int Id, string Name, int Dimensions);

/// <summary>Which stored vectors a query may return: one job's or all, every vector or only those the noise filter kept.</summary>
public sealed record SearchScope(Guid? JobId = null, bool KeptOnly = false);

/// <summary>A search result as people see it: the region, its image and box, and the exact inner product.</summary>
public sealed record StoredHit(long EmbeddingId, Guid RegionId, Guid ImageId, string ImagePath, string ThumbnailPath,
    int X, int Y, int Width, int Height, string? Label, float Score);

/// <summary>
/// Nearest neighbours by inner product on pgvector's per-model HNSW index, with pgvector 0.8's iterative index scans
/// so a filtered query (one job, kept only) still fills k, then an exact re-rank of the candidates.
/// </summary>
public sealed class VectorSearch(NpgsqlDataSource db)
{
    public const int MaxK = 1000;
    public const int DefaultEfSearch = 200;

    public async Task<SearchModel?> ModelAsync(string name, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT id, dimensions FROM embedding_models WHERE name = $1");
        cmd.Parameters.AddWithValue(name);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new SearchModel(r.GetInt32(0), name, r.GetInt32(1)) : null;
    }

    /// <summary>The models that have at least one stored vector, by name: what a query may choose from.</summary>
    public async Task<IReadOnlyList<SearchModel>> ModelsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT m.id, m.name, m.dimensions FROM embedding_models m
            WHERE EXISTS (SELECT 1 FROM embeddings e WHERE e.model_id = m.id) ORDER BY m.name
            """);
        var models = new List<SearchModel>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) models.Add(new SearchModel(r.GetInt32(0), r.GetString(1), r.GetInt32(2)));
        return models;
    }

    /// <param name="efSearch">
    /// The HNSW search breadth: recall against latency. pgvector's default of 40 gave recall@10 0.86 on 10k random
    /// 128-d unit vectors and 100 gave 0.93; 200 gives 0.95 there and 1.0 on 100k clustered 512-d vectors, but 0.885
    /// at 1M of those, where 400 does better at about twice the latency (see README).
    /// </param>
    public async Task<IReadOnlyList<StoredHit>> NearestAsync(SearchModel model, float[] query, int k, SearchScope scope, float minScore,
        CancellationToken ct, int efSearch = DefaultEfSearch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxK);
        if (query.Length != model.Dimensions) throw new ArgumentException($"{model.Name} vectors have {model.Dimensions} dimensions, the query {query.Length}");
        // Twice k candidates (at least 40) from the graph, ordered exactly here: relaxed_order lets the iterative scan
        // return them slightly out of order.
        int candidates = Math.Max(40, 2 * k);
        int ef = Math.Min(Math.Max(efSearch, 8 * k), 1000);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var settings = new NpgsqlCommand(
            $"SET LOCAL hnsw.ef_search = {ef}; SET LOCAL hnsw.iterative_scan = relaxed_order", conn, tx))
            await settings.ExecuteNonQueryAsync(ct);
        await using var cmd = new NpgsqlCommand(NearestSql(model, scope, candidates, k), conn, tx);
        cmd.Parameters.AddWithValue(new Vector(query));
        cmd.Parameters.AddWithValue(scope.JobId ?? Guid.Empty);
        cmd.Parameters.AddWithValue(minScore);
        var hits = new List<StoredHit>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) hits.Add(Read(r));
        await tx.CommitAsync(ct);
        return hits;
    }

    /// <summary>The stored vector of a region, or of an image's whole-page region, with its embedding id: for "more like this".</summary>
    public async Task<(long EmbeddingId, float[] Vector)?> StoredVectorAsync(SearchModel model, Guid regionOrImageId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT e.id, e.vector FROM embeddings e JOIN regions r ON r.id = e.region_id JOIN images i ON i.id = r.image_id
            WHERE e.model_id = {model.Id} AND (e.region_id = $1 OR e.image_id = $1)
            ORDER BY e.region_id = $1 DESC, (r.width::bigint * r.height = i.width::bigint * i.height) DESC LIMIT 1
            """);
        cmd.Parameters.AddWithValue(regionOrImageId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt64(0), r.GetFieldValue<Vector>(1).ToArray()) : null;
    }

    /// <summary>Regions, images and boxes for embedding ids from an in-memory scan, in the order given.</summary>
    public async Task<IReadOnlyList<StoredHit>> DescribeAsync(IReadOnlyList<(long Id, float Score)> scored, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT e.id, e.region_id, e.image_id, i.path, i.thumbnail_path, r.x, r.y, r.width, r.height, r.label, 0::real
            FROM embeddings e JOIN images i ON i.id = e.image_id JOIN regions r ON r.id = e.region_id WHERE e.id = ANY($1)
            """);
        cmd.Parameters.AddWithValue(scored.Select(s => s.Id).ToArray());
        var found = new Dictionary<long, StoredHit>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) found[r.GetInt64(0)] = Read(r);
        return scored.Where(s => found.ContainsKey(s.Id)).Select(s => found[s.Id] with { Score = s.Score }).ToList();
    }

    /// <summary>
    /// Parameters: $1 query vector, $2 job id, $3 minimum score. Model id and dimension are literals: the partial
    /// index's predicate and expression must match the query text for the planner to use it.
    /// </summary>
    internal static string NearestSql(SearchModel model, SearchScope scope, int candidates, int k) => $"""
        WITH nearest AS MATERIALIZED (
          SELECT id, region_id, image_id, (vector::vector({model.Dimensions}) <#> $1::vector({model.Dimensions})) * -1 AS score
          FROM embeddings WHERE model_id = {model.Id} {Filter(scope)}
          ORDER BY vector::vector({model.Dimensions}) <#> $1::vector({model.Dimensions}) LIMIT {candidates})
        SELECT n.id, n.region_id, n.image_id, i.path, i.thumbnail_path, r.x, r.y, r.width, r.height, r.label, n.score
        FROM nearest n JOIN images i ON i.id = n.image_id JOIN regions r ON r.id = n.region_id
        WHERE n.score >= $3 ORDER BY n.score DESC, n.id LIMIT {k}
        """;

    private static string Filter(SearchScope scope) =>
        (scope.JobId is null ? "" : "AND job_id = $2") + (scope.KeptOnly ? $" AND NOT {SnapshotStore.ExcludedNow}" : "");

    private static StoredHit Read(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetString(4),
        r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.IsDBNull(9) ? null : r.GetString(9), r.GetFloat(10));
}
