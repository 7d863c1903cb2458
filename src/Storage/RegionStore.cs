using Npgsql;
using NpgsqlTypes;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

public sealed class RegionStore(NpgsqlDataSource db)
{
    public async Task AddAsync(IReadOnlyList<Region> regions, CancellationToken ct)
    {
        if (regions.Count == 0) return;
        await using var cmd = db.CreateCommand("""
            INSERT INTO regions (id, image_id, job_id, x, y, width, height, label, score, detected_at)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[], $9::real[], $10::timestamptz[])
            ON CONFLICT (id) DO NOTHING
            """);
        cmd.Parameters.AddWithValue(regions.Select(r => r.Id).ToArray());
        cmd.Parameters.AddWithValue(regions.Select(r => r.ImageId).ToArray());
        cmd.Parameters.AddWithValue(regions.Select(r => r.JobId).ToArray());
        cmd.Parameters.AddWithValue(regions.Select(r => r.X).ToArray());
        cmd.Parameters.AddWithValue(regions.Select(r => r.Y).ToArray());
        cmd.Parameters.AddWithValue(regions.Select(r => r.Width).ToArray());
        cmd.Parameters.AddWithValue(regions.Select(r => r.Height).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { Value = regions.Select(r => r.Label).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = regions.Select(r => r.Score).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
        cmd.Parameters.AddWithValue(regions.Select(r => r.DetectedAt).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
