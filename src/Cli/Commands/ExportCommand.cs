using System.CommandLine;
using System.Globalization;
using System.Text;

namespace Pipeline.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<Guid>("run") { Description = "The clustering run to export." };
        var dir = new Argument<DirectoryInfo>("dir") { Description = "Target folder (created); one sub-folder per cluster plus clusters.csv." };
        var copy = new Option<bool>("--copy") { Description = "Copy the files instead of linking them." };
        var command = new Command("export", "Write a run's clusters as folders of images and a CSV (path, cluster, probability).") { run, dir, copy };
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
                Directory.CreateDirectory(folder);
                // The image id keeps names unique when two folders hold files of the same name.
                var file = Path.Combine(folder, $"{row.ImageId.ToString("N")[..8]}_{Path.GetFileName(row.Path)}");
                if (File.Exists(file) || Directory.Exists(file)) File.Delete(file);
                if (parse.GetValue(copy)) File.Copy(row.Path, file);
                else File.CreateSymbolicLink(file, row.Path);
                csv.Append(Csv(row.Path)).Append(',').Append(row.Cluster).Append(',')
                   .Append(row.Probability.ToString("0.####", CultureInfo.InvariantCulture)).Append('\n');
            }
            await File.WriteAllTextAsync(Path.Combine(target, "clusters.csv"), csv.ToString(), ct);
            Console.WriteLine($"exported {rows.Count} images in {rows.Select(r => r.Cluster).Distinct().Count()} groups to {target}");
            return 0;
        }));
        return command;
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
