using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<Guid>("run") { Description = "The clustering run to export." };
        var dir = new Argument<DirectoryInfo>("dir") { Description = "Target folder (created); one sub-folder per cluster plus clusters.csv." };
        var copy = new Option<bool>("--copy") { Description = "Copy the files instead of linking them." };
        var command = new Command("export", "Write a run's clusters as folders of images, and as clusters.csv and clusters.json (path, cluster, probability).") { run, dir, copy };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var runId = parse.GetValue(run);
            var target = parse.GetValue(dir)!.FullName;
            var rows = await ctx.Clusters.AssignmentsAsync(runId, ct);
            if (rows.Count == 0) throw new CliException($"run {runId} has no assignments (unknown, still running, or failed: see `pipeline status`)");
            Directory.CreateDirectory(target);
            var csv = new StringBuilder("path,x,y,width,height,cluster,probability,outlier_score,exemplar\n");
            foreach (var row in rows)
            {
                var folder = Path.Combine(target, row.Cluster < 0 ? "noise" : $"cluster_{row.Cluster:D3}");
                // One entry per region (several regions of a page may share a cluster); the CSV gives each its box.
                ExportFiles.Place(folder, row.RegionId.ToString("N")[..8], row.Path, parse.GetValue(copy));
                csv.Append(CultureInfo.InvariantCulture, $"{ExportFiles.Csv(row.Path)},{row.X},{row.Y},{row.Width},{row.Height},{row.Cluster},")
                   .Append(CultureInfo.InvariantCulture, $"{row.Probability:0.####},{row.OutlierScore:0.####},{(row.Exemplar ? 1 : 0)}\n");
            }
            await File.WriteAllTextAsync(Path.Combine(target, "clusters.csv"), csv.ToString(), ct);
            await File.WriteAllTextAsync(Path.Combine(target, "clusters.json"), JsonSerializer.Serialize(rows, JsonSerializerOptions.Web), ct);
            Console.WriteLine($"exported {rows.Count} regions in {rows.Select(r => r.Cluster).Distinct().Count()} groups to {target}");
            return 0;
        }));
        return command;
    }
}
