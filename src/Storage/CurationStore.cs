using Npgsql;
using NpgsqlTypes;
using Pgvector;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>Keep / exclude labels, trained noise filters, and applying a filter to a model's vectors batch by batch.</summary>
public sealed class CurationStore(NpgsqlDataSource db)
{
    /// <summary>Labels the regions the keys name (a region id, an image id or an image path: every region of it); returns how many.</summary>
    public async Task<int> LabelAsync(IReadOnlyList<(string Key, bool Keep)> labels, CancellationToken ct)
    {
        // One join per kind of key, each on an index (as SnapshotLabels does): a join on "id OR image id OR path" would
        // compare every label with every region.
        await using var cmd = db.CreateCommand("""
            WITH l AS (
              SELECT key, keep, CASE WHEN key ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN lower(key)::uuid END AS id
              FROM unnest($1::text[], $2::bool[]) l(key, keep)),
            matched AS (
              SELECT r.id, l.keep FROM l JOIN images i ON i.path = l.key JOIN regions r ON r.image_id = i.id
              UNION ALL SELECT r.id, l.keep FROM l JOIN regions r ON r.image_id = l.id
              UNION ALL SELECT r.id, l.keep FROM l JOIN regions r ON r.id = l.id)
            INSERT INTO curation_labels (region_id, keep, at)
            SELECT DISTINCT ON (id) id, keep, now() FROM matched ORDER BY id
            ON CONFLICT (region_id) DO UPDATE SET keep = excluded.keep, at = excluded.at
            """);
        cmd.Parameters.AddWithValue(labels.Select(l => l.Key).ToArray());
        cmd.Parameters.AddWithValue(labels.Select(l => l.Keep).ToArray());
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The current keep (true) / exclude (false) label of each of these regions that has one.</summary>
    public async Task<Dictionary<Guid, bool>> LabelsOfAsync(IReadOnlyCollection<Guid> regionIds, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT region_id, keep FROM curation_labels WHERE region_id = ANY($1)");
        cmd.Parameters.AddWithValue(regionIds.ToArray());
        var labels = new Dictionary<Guid, bool>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) labels[r.GetGuid(0)] = r.GetBoolean(1);
        return labels;
    }

    /// <summary>How many labelled regions have a vector of the model, kept and excluded: what training it now would learn from.</summary>
    public async Task<(long Keep, long Exclude)> LabelCountsAsync(int modelId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT count(*) FILTER (WHERE l.keep), count(*) FILTER (WHERE NOT l.keep)
            FROM curation_labels l JOIN embeddings e ON e.region_id = l.region_id AND e.model_id = {modelId}
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>The labelled regions' vectors of one model, with their labels: the noise filter's training set.</summary>
    public async Task<(List<float[]> Vectors, List<bool> Keep)> TrainingSetAsync(int modelId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT e.vector, l.keep FROM curation_labels l JOIN embeddings e ON e.region_id = l.region_id AND e.model_id = {modelId}
            ORDER BY e.id
            """);
        var (vectors, keep) = (new List<float[]>(), new List<bool>());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            vectors.Add(r.GetFieldValue<Vector>(0).ToArray());
            keep.Add(r.GetBoolean(1));
        }
        return (vectors, keep);
    }

    public async Task SaveFilterAsync(NoiseFilter filter, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO noise_filters (id, model_id, created_at, label_count, weighted_f1, forest, applied_up_to, kept_count, excluded_count)
            VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0)
            """);
        cmd.Parameters.AddWithValue(filter.Id);
        cmd.Parameters.AddWithValue(filter.ModelId);
        cmd.Parameters.AddWithValue(filter.CreatedAt);
        cmd.Parameters.AddWithValue(filter.LabelCount);
        cmd.Parameters.AddWithValue(filter.WeightedF1);
        cmd.Parameters.AddWithValue(filter.Forest);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The model's most recent filter, or a named one.</summary>
    public async Task<NoiseFilter?> FilterAsync(int modelId, Guid? id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, created_at, label_count, weighted_f1, forest, applied_up_to, kept_count, excluded_count FROM noise_filters
            WHERE model_id = $1 AND ($2::uuid IS NULL OR id = $2) ORDER BY created_at DESC LIMIT 1
            """);
        cmd.Parameters.AddWithValue(modelId);
        cmd.Parameters.AddWithValue((object?)id ?? DBNull.Value);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new NoiseFilter
        {
            Id = r.GetGuid(0), ModelId = modelId, CreatedAt = r.GetFieldValue<DateTimeOffset>(1), LabelCount = r.GetInt32(2),
            WeightedF1 = r.GetDouble(3), Forest = r.GetFieldValue<byte[]>(4), AppliedUpTo = r.GetInt64(5), KeptCount = r.GetInt64(6),
            ExcludedCount = r.GetInt64(7),
        };
    }

    /// <summary>
    /// Applies a filter's keep / exclude decision to every vector of its model after its cursor, one committed batch at a
    /// time, so a run stopped anywhere carries on from the last batch. Returns how many vectors it decided.
    /// </summary>
    public async Task<long> ApplyAsync(NoiseFilter filter, Func<float[], int, bool[]> keep, int batchSize,
        Func<long, long, Task> progress, CancellationToken ct)
    {
        var vectors = new EmbeddingStore(db);
        long cursor = filter.AppliedUpTo, done = 0;
        while (await vectors.NextBatchAsync(filter.ModelId, cursor, batchSize, ct) is { Count: > 0 } next)
        {
            await ApplyBatchAsync(filter.Id, cursor, next.Ids, keep(next.Data, next.Count), ct);
            cursor = next.Ids[^1];
            done += next.Count;
            await progress(done, cursor);
        }
        return done;
    }

    /// <summary>
    /// Records which of the batch's vectors are excluded (and that the rest are not) and moves the filter's cursor past
    /// it in one transaction, so a run killed at any point resumes exactly where the last committed batch ended. The
    /// cursor must still be at <paramref name="after"/>: two applies of one filter at once would otherwise count twice.
    /// </summary>
    private async Task ApplyBatchAsync(Guid filterId, long after, long[] ids, bool[] kept, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var clear = new NpgsqlCommand("DELETE FROM embedding_exclusions WHERE embedding_id = ANY($1)", conn, tx))
        {
            clear.Parameters.AddWithValue(ids);
            await clear.ExecuteNonQueryAsync(ct);
        }
        await using (var exclude = new NpgsqlCommand("INSERT INTO embedding_exclusions (embedding_id) SELECT unnest($1::bigint[])", conn, tx))
        {
            exclude.Parameters.AddWithValue(ids.Where((_, i) => !kept[i]).ToArray());
            await exclude.ExecuteNonQueryAsync(ct);
        }
        await using (var cursor = new NpgsqlCommand("""
            UPDATE noise_filters SET applied_up_to = $2, kept_count = kept_count + $3, excluded_count = excluded_count + $4
            WHERE id = $1 AND applied_up_to = $5
            """, conn, tx))
        {
            cursor.Parameters.AddWithValue(filterId);
            cursor.Parameters.AddWithValue(ids[^1]);
            cursor.Parameters.AddWithValue(NpgsqlDbType.Bigint, (long)kept.Count(k => k));
            cursor.Parameters.AddWithValue(NpgsqlDbType.Bigint, (long)kept.Count(k => !k));
            cursor.Parameters.AddWithValue(after);
            if (await cursor.ExecuteNonQueryAsync(ct) == 0)
                throw new InvalidOperationException($"noise filter {filterId} moved past vector {after}: another apply of it is running");
        }
        await tx.CommitAsync(ct);
    }
}
