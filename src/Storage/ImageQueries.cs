using Npgsql;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

/// <summary>An image as its page shows it: size in original pixels and its regions' boxes.</summary>
public sealed record ImageDetail(Guid Id, string Path, int Width, int Height, IReadOnlyList<Region> Regions);

/// <summary>Where a region's picture is: its image's thumbnail when the region is the whole image, else its own crop.</summary>
public sealed record RegionMedia(Guid RegionId, bool WholeImage, string ThumbnailPath);

/// <summary>Lookups by id for the image page and the media endpoints; files are only ever found through these rows.</summary>
public sealed class ImageQueries(NpgsqlDataSource db)
{
    /// <summary>More boxes than this on one page would be unreadable anyway.</summary>
    public const int MaxRegions = 500;

    public async Task<ImageDetail?> FindAsync(Guid imageId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT i.path, i.width, i.height, g.id, g.x, g.y, g.width, g.height, g.label, g.score
            FROM images i LEFT JOIN LATERAL (SELECT * FROM regions WHERE image_id = i.id ORDER BY x, y, id LIMIT {MaxRegions}) g ON true
            WHERE i.id = $1
            """);
        cmd.Parameters.AddWithValue(imageId);
        ImageDetail? image = null;
        var regions = new List<Region>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            image ??= new ImageDetail(imageId, r.GetString(0), r.GetInt32(1), r.GetInt32(2), regions);
            if (r.IsDBNull(3)) continue;
            regions.Add(new Region
            {
                Id = r.GetGuid(3), ImageId = imageId, X = r.GetInt32(4), Y = r.GetInt32(5), Width = r.GetInt32(6), Height = r.GetInt32(7),
                Label = r.IsDBNull(8) ? null : r.GetString(8), Score = r.IsDBNull(9) ? null : r.GetFloat(9),
            });
        }
        return image;
    }

    public async Task<string?> ThumbnailPathAsync(Guid imageId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT thumbnail_path FROM images WHERE id = $1");
        cmd.Parameters.AddWithValue(imageId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    public async Task<RegionMedia?> RegionAsync(Guid regionId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT g.id, g.x = 0 AND g.y = 0 AND g.width = i.width AND g.height = i.height, i.thumbnail_path
            FROM regions g JOIN images i ON i.id = g.image_id WHERE g.id = $1
            """);
        cmd.Parameters.AddWithValue(regionId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new RegionMedia(r.GetGuid(0), r.GetBoolean(1), r.GetString(2)) : null;
    }
}
