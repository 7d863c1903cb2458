using System.Globalization;
using Pipeline.Clustering;
using Pipeline.Storage.Entities;

namespace Pipeline.Cli.Commands;

/// <summary>Runs as one table, as the papers print them: parameters, clusters, noise, time, and the scores against the snapshot's labels.</summary>
internal static class RunTable
{
    public static async Task PrintAsync(CliContext ctx, IReadOnlyList<ClusterRun> runs, NoiseHandling noise, CancellationToken ct)
    {
        var truthBySnapshot = new Dictionary<Guid, Dictionary<long, string>>();
        var rows = new List<string[]>();
        foreach (var run in runs)
        {
            var scores = default(GroundTruthScores);
            if (run is { Status: RunStatus.Succeeded, SnapshotId: { } snapshotId })
            {
                if (!truthBySnapshot.TryGetValue(snapshotId, out var truth))
                    truthBySnapshot[snapshotId] = truth = await ctx.Labels.ReadAsync(snapshotId, ct);
                if (truth.Count > 0)
                {
                    var assigned = await ctx.Clusters.LabelsAsync(run.Id, ct);
                    scores = GroundTruth.Score(truth, [.. assigned.Keys], [.. assigned.Values], noise);
                }
            }
            rows.Add([
                run.Id.ToString()[..8], run.Algorithm, Parameters(run), run.Seed.ToString(CultureInfo.InvariantCulture),
                run.Status == RunStatus.Succeeded ? $"{run.ClusterCount}" : run.Status.ToString().ToLowerInvariant(),
                run.NoiseCount?.ToString(CultureInfo.InvariantCulture) ?? "", run.Seconds is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) : "",
                F(scores?.Ami), F(scores?.Nmi), F(scores?.Ari), F(scores?.Accuracy),
            ]);
        }
        string[] header = ["run", "algorithm", "parameters", "seed", "clusters", "noise", "seconds", "AMI", "NMI", "ARI", "ACC"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        Console.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))));
        foreach (var row in rows) Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))));
        Console.WriteLine(truthBySnapshot.Values.Any(t => t.Count > 0)
            ? $"scores over the labelled vectors; noise counted as {Describe(noise)}"
            : "no labels on these snapshots: `pipeline snapshot labels <snapshot> <csv>` adds them");
    }

    public static string Describe(NoiseHandling noise) => noise switch
    {
        NoiseHandling.OneCluster => "one cluster (as in the manga-face paper)",
        NoiseHandling.Singletons => "a singleton cluster per point",
        _ => "excluded (noise points left out of the scores)",
    };

    private static string Parameters(ClusterRun run) =>
        string.Join(' ', System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(run.Parameters)!.Select(p => $"{p.Key}={p.Value}"));

    private static string F(double? v) => v is { } x ? x.ToString("F3", CultureInfo.InvariantCulture) : "-";
}
