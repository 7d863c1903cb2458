using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Media;

/// <summary>
/// GET /media/images/{id} (the image's thumbnail) and /media/regions/{id} (the region's crop, or the thumbnail for a
/// whole-image region), straight from the stored derivatives. Ids are content-addressed, so a response never changes:
/// cached for a year as immutable, with the id as its ETag (304 on If-None-Match). The file is found through the
/// database row for the id, never from the URL.
/// </summary>
public static class MediaEndpoints
{
    public const string CacheControl = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        var media = app.MapGroup("/media");
        media.MapGet("/images/{imageId:guid}", async (Guid imageId, ImageQueries images, HttpContext http, CancellationToken ct) =>
            Serve(http, imageId, await images.ThumbnailPathAsync(imageId, ct)));
        media.MapGet("/regions/{regionId:guid}", async (Guid regionId, ImageQueries images, IOptions<MediaOptions> options, HttpContext http,
            CancellationToken ct) =>
        {
            var region = await images.RegionAsync(regionId, ct);
            var path = region is null ? null
                : region.WholeImage ? region.ThumbnailPath
                : DerivativePaths.For(options.Value.DerivativesPath, "crops", region.RegionId);
            return Serve(http, regionId, path);
        });
        return app;
    }

    private static IResult Serve(HttpContext http, Guid id, string? path)
    {
        if (path is null || !File.Exists(path)) return Results.NotFound();
        http.Response.Headers.CacheControl = CacheControl;
        return Results.File(Path.GetFullPath(path), "image/jpeg", entityTag: new EntityTagHeaderValue($"\"{id:N}\""));
    }
}
