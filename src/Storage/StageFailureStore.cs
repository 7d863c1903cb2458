using Npgsql;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>Records images and regions that Detect or Embed set aside, in one statement per batch.</summary>
public sealed class StageFailureStore(NpgsqlDataSource db)
{
    public const string Detect = "detect";
    public const string Embed = "embed";

    public async Task AddAsync(IReadOnlyList<StageFailure> failures, CancellationToken ct)
    {
        if (failures.Count == 0) return;
        await using var cmd = db.CreateCommand("""
            INSERT INTO stage_failures (stage, item_id, job_id, image_id, path, reason, at)
            SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[])
            ON CONFLICT DO NOTHING
            """);
        cmd.Parameters.AddWithValue(failures.Select(f => f.Stage).ToArray());
        cmd.Parameters.AddWithValue(failures.Select(f => f.ItemId).ToArray());
        cmd.Parameters.AddWithValue(failures.Select(f => f.JobId).ToArray());
        cmd.Parameters.AddWithValue(failures.Select(f => f.ImageId).ToArray());
        cmd.Parameters.AddWithValue(failures.Select(f => f.Path).ToArray());
        cmd.Parameters.AddWithValue(failures.Select(f => f.Reason).ToArray());
        cmd.Parameters.AddWithValue(failures.Select(f => f.At).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
