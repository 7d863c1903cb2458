using Pipeline.Storage;

namespace Pipeline.Dashboard.Clusters;

/// <summary>A map point placed in SVG user units: x to the right, y downward (the data's y points up).</summary>
public sealed record PlacedPoint(MapPoint Point, double Cx, double Cy);

/// <summary>Fits map points into a width x height drawing with a margin, keeping the data's aspect ratio.</summary>
public static class MapLayout
{
    public static IReadOnlyList<PlacedPoint> Place(IReadOnlyList<MapPoint> points, double width, double height, double margin)
    {
        if (points.Count == 0) return [];
        float minX = points.Min(p => p.X), maxX = points.Max(p => p.X), minY = points.Min(p => p.Y), maxY = points.Max(p => p.Y);
        double spanX = Math.Max(maxX - minX, 1e-9), spanY = Math.Max(maxY - minY, 1e-9);
        double scale = Math.Min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
        // Centre the drawing on the free axis.
        double offsetX = (width - spanX * scale) / 2, offsetY = (height - spanY * scale) / 2;
        return points.Select(p => new PlacedPoint(p, offsetX + (p.X - minX) * scale, height - offsetY - (p.Y - minY) * scale)).ToList();
    }
}
