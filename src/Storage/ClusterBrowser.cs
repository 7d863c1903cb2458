using Npgsql;

namespace Pipeline.Storage;

/// <summary>A member of a cluster as a strip shows it: its region (whose thumbnail is served by id) and image.</summary>
public sealed record ClusterMember(int Cluster, Guid RegionId, Guid ImageId, float Probability, bool Exemplar);

/// <summary>A point of a run's 2-D map.</summary>
public sealed record MapPoint(int Cluster, Guid RegionId, Guid ImageId, float X, float Y);

/// <summary>A run an image's region was assigned in.</summary>
public sealed record ImageMembership(Guid RunId, string Algorithm, int Cluster, float Probability, Guid RegionId);

/// <summary>
/// The reads behind the run and image pages, each bounded and served by an index on cluster_assignments: (run, cluster,
/// exemplar desc, probability desc) for sizes, strips and the map sample; (embedding) for an image's clusters.
/// </summary>
public sealed class ClusterBrowser(NpgsqlDataSource db)
{
    /// <summary>Up to <paramref name="perCluster"/> members of each listed cluster: exemplars first, then by probability.</summary>
    public async Task<IReadOnlyList<ClusterMember>> MembersAsync(Guid runId, IReadOnlyList<int> clusters, int perCluster, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT c.cluster, e.region_id, e.image_id, m.probability, m.exemplar
            FROM unnest($2::int[]) WITH ORDINALITY c(cluster, ord)
            CROSS JOIN LATERAL (SELECT a.embedding_id, a.probability, a.exemplar FROM cluster_assignments a
                                WHERE a.run_id = $1 AND a.cluster = c.cluster
                                ORDER BY a.exemplar DESC, a.probability DESC LIMIT $3) m
            JOIN embeddings e ON e.id = m.embedding_id
            ORDER BY c.ord, m.exemplar DESC, m.probability DESC, e.region_id
            """);
        cmd.Parameters.AddWithValue(runId);
        cmd.Parameters.AddWithValue(clusters.ToArray());
        cmd.Parameters.AddWithValue(perCluster);
        var list = new List<ClusterMember>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new ClusterMember(r.GetInt32(0), r.GetGuid(1), r.GetGuid(2), r.GetFloat(3), r.GetBoolean(4)));
        return list;
    }

    /// <summary>
    /// The map's sample: the given number of points from each cluster, taken in the strip order (exemplars, then the most
    /// probable), so each cluster is drawn by its most confident members. Points of runs stored before maps have none.
    /// </summary>
    public async Task<IReadOnlyList<MapPoint>> MapAsync(Guid runId, IReadOnlyDictionary<int, int> quotas, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT q.cluster, e.region_id, e.image_id, m.map_x, m.map_y
            FROM unnest($2::int[], $3::int[]) q(cluster, quota)
            CROSS JOIN LATERAL (SELECT a.embedding_id, a.map_x, a.map_y FROM cluster_assignments a
                                WHERE a.run_id = $1 AND a.cluster = q.cluster
                                ORDER BY a.exemplar DESC, a.probability DESC LIMIT q.quota) m
            JOIN embeddings e ON e.id = m.embedding_id
            WHERE m.map_x IS NOT NULL AND m.map_y IS NOT NULL
            """);
        cmd.Parameters.AddWithValue(runId);
        cmd.Parameters.AddWithValue(quotas.Keys.ToArray());
        cmd.Parameters.AddWithValue(quotas.Values.ToArray());
        var list = new List<MapPoint>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new MapPoint(r.GetInt32(0), r.GetGuid(1), r.GetGuid(2), r.GetFloat(3), r.GetFloat(4)));
        return list;
    }

    /// <summary>The most recent runs (up to <paramref name="limit"/>) that assigned any of the image's regions.</summary>
    public async Task<IReadOnlyList<ImageMembership>> ClustersOfImageAsync(Guid imageId, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT a.run_id, run.algorithm, a.cluster, a.probability, e.region_id
            FROM regions g JOIN embeddings e ON e.region_id = g.id JOIN cluster_assignments a ON a.embedding_id = e.id
            JOIN cluster_runs run ON run.id = a.run_id
            WHERE g.image_id = $1 ORDER BY run.requested_at DESC, a.cluster LIMIT $2
            """);
        cmd.Parameters.AddWithValue(imageId);
        cmd.Parameters.AddWithValue(limit);
        var list = new List<ImageMembership>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new ImageMembership(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetFloat(3), r.GetGuid(4)));
        return list;
    }
}
