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
            var csv = new StringBuilder("path,cluster,probability\n");
            foreach (var row in rows)
            {
                var folder = Path.Combine(target, row.Cluster < 0 ? "noise" : $"cluster_{row.Cluster:D3}");
                ExportFiles.Place(folder, row.ImageId.ToString("N")[..8], row.Path, parse.GetValue(copy));
                csv.Append(ExportFiles.Csv(row.Path)).Append(',').Append(row.Cluster).Append(',')
                   .Append(row.Probability.ToString("0.####", CultureInfo.InvariantCulture)).Append('\n');
            }
            await File.WriteAllTextAsync(Path.Combine(target, "clusters.csv"), csv.ToString(), ct);
            await File.WriteAllTextAsync(Path.Combine(target, "clusters.json"), JsonSerializer.Serialize(rows, JsonSerializerOptions.Web), ct);
            Console.WriteLine($"exported {rows.Count} images in {rows.Select(r => r.Cluster).Distinct().Count()} groups to {target}");
            return 0;
        }));
        return command;
    }
}
