using Npgsql;
using NpgsqlTypes;

namespace Pipeline.Storage;

/// <summary>How a label file matched a snapshot: vectors labelled, and keys that named nothing in it.</summary>
public sealed record LabelsAttached(int Labelled, int UnmatchedKeys, IReadOnlyList<string> UnmatchedSample);

/// <summary>
/// Ground-truth labels on a snapshot's vectors, keyed as people have them: an image path, an image id or a region id.
/// An image's label goes to every vector of it in the snapshot (its page and its regions).
/// </summary>
public sealed class SnapshotLabels(NpgsqlDataSource db)
{
    public async Task<LabelsAttached> AttachAsync(Guid snapshotId, IReadOnlyList<(string Key, string Label)> labels, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE label_input (key text, label text) ON COMMIT DROP", conn, tx))
            await create.ExecuteNonQueryAsync(ct);
        await using (var copy = await conn.BeginBinaryImportAsync("COPY label_input (key, label) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (key, label) in labels)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(key, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(label, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        // The snapshot's vectors, each with the keys it answers to; one insert per kind of key keeps the joins indexed.
        await using var insert = new NpgsqlCommand("""
            WITH s AS (SELECT * FROM snapshots WHERE id = $1),
            v AS (
              SELECT e.id, e.image_id, e.region_id FROM embeddings e, s
              WHERE e.model_id = s.model_id AND e.id <= s.watermark AND (s.job_id IS NULL OR e.job_id = s.job_id) AND (NOT s.kept_only OR NOT EXISTS (SELECT 1 FROM snapshot_exclusions x WHERE x.snapshot_id = s.id AND x.embedding_id = e.id))),
            matched AS (
              SELECT v.id, l.key, l.label FROM label_input l JOIN images i ON i.path = l.key JOIN v ON v.image_id = i.id
              UNION ALL SELECT v.id, l.key, l.label FROM label_input l JOIN v ON v.image_id::text = lower(l.key)
              UNION ALL SELECT v.id, l.key, l.label FROM label_input l JOIN v ON v.region_id::text = lower(l.key)),
            written AS (
              INSERT INTO snapshot_labels (snapshot_id, embedding_id, label)
              SELECT DISTINCT ON (id) $1, id, label FROM matched ORDER BY id
              ON CONFLICT (snapshot_id, embedding_id) DO UPDATE SET label = excluded.label
              RETURNING embedding_id)
            SELECT (SELECT count(*) FROM written),
                   (SELECT array_agg(key) FROM (SELECT key FROM label_input EXCEPT SELECT key FROM matched) u)
            """, conn, tx);
        insert.Parameters.AddWithValue(snapshotId);
        int labelled;
        string[] unmatched;
        await using (var r = await insert.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            labelled = (int)r.GetInt64(0);
            unmatched = r.IsDBNull(1) ? [] : r.GetFieldValue<string[]>(1);
        }
        await tx.CommitAsync(ct);
        return new LabelsAttached(labelled, unmatched.Length, unmatched.Order().Take(5).ToList());
    }

    /// <summary>Every labelled vector of the snapshot: embedding id to label.</summary>
    public async Task<Dictionary<long, string>> ReadAsync(Guid snapshotId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT embedding_id, label FROM snapshot_labels WHERE snapshot_id = $1");
        cmd.Parameters.AddWithValue(snapshotId);
        var labels = new Dictionary<long, string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) labels[r.GetInt64(0)] = r.GetString(1);
        return labels;
    }
}
