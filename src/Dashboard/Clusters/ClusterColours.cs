using System.Globalization;

namespace Pipeline.Dashboard.Clusters;

/// <summary>One colour per cluster: hues a golden angle apart, so neighbouring ids differ; noise is grey.</summary>
public static class ClusterColours
{
    public const string Noise = "#9a9a9a";

    public static string Of(int cluster) => cluster < 0
        ? Noise
        : string.Create(CultureInfo.InvariantCulture, $"hsl({cluster * 137.508 % 360:F1}, 65%, {(cluster % 2 == 0 ? 42 : 55)}%)");
}
