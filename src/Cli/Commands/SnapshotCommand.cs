using System.CommandLine;

namespace Pipeline.Cli.Commands;

/// <summary>Named, immutable sets of vectors that clustering runs name, and the ground truth attached to them.</summary>
internal static class SnapshotCommand
{
    public static Command Create() => new("snapshot", "Create, list and describe snapshots, and attach ground-truth labels to one.")
    {
        CreateSnapshot(), List(), Show(), Labels(),
    };

    private static Command CreateSnapshot()
    {
        var name = new Argument<string>("name") { Description = "A unique name for the snapshot." };
        var model = new Option<string>("--model") { Description = "Whose vectors.", DefaultValueFactory = _ => "weightfree-v1" };
        var job = new Option<Guid?>("--job") { Description = "Only this job's vectors (default: all of the model's)." };
        var kept = new Option<bool>("--kept-only") { Description = "Leave out vectors the noise filter excluded." };
        var command = new Command("create", "Freeze a model's current vectors under a name; runs on it are reproducible.") { name, model, job, kept };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var modelId = await ctx.ModelIdAsync(parse.GetValue(model)!, ct);
            try
            {
                var s = await ctx.Snapshots.CreateAsync(modelId, parse.GetValue(job), parse.GetValue(name), ct, parse.GetValue(kept));
                Console.WriteLine($"snapshot {s.Name} ({s.Id}): {s.PointCount} vectors of {parse.GetValue(model)} up to id {s.Watermark}");
                return 0;
            }
            catch (InvalidOperationException e)
            {
                throw new CliException(e.Message);
            }
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "The most recent snapshots.");
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var models = await ctx.Models.ModelNamesAsync(ct);
            var snapshots = await ctx.Snapshots.ListAsync(50, ct);
            if (snapshots.Count == 0) Console.WriteLine("no snapshots yet: `pipeline snapshot create <name>` makes one");
            foreach (var s in snapshots)
                Console.WriteLine($"{s.Name,-32} {s.Id}  {models.GetValueOrDefault(s.ModelId, "?"),-16} {s.PointCount,9} vectors  " +
                                  $"{(s.JobId is { } j ? $"job {j.ToString()[..8]}" : "all jobs")}{(s.KeptOnly ? ", kept only" : "")}  {s.CreatedAt:u}");
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var snapshot = new Argument<string>("snapshot") { Description = "Name or id." };
        var command = new Command("show", "A snapshot's definition, its labels and the runs made on it.") { snapshot };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var s = await ctx.SnapshotAsync(parse.GetValue(snapshot)!, ct);
            var models = await ctx.Models.ModelNamesAsync(ct);
            Console.WriteLine($"snapshot {s.Name} ({s.Id}), created {s.CreatedAt:u}");
            Console.WriteLine($"  model {models.GetValueOrDefault(s.ModelId, "?")}, {(s.JobId is { } j ? $"job {j}" : "all jobs")}, " +
                              $"{(s.KeptOnly ? "kept vectors only" : "noise filter not applied")}, {s.PointCount} vectors up to id {s.Watermark}");
            var labels = await ctx.Labels.ReadAsync(s.Id, ct);
            Console.WriteLine(labels.Count == 0 ? "  no labels" : $"  {labels.Count} labelled vectors in {labels.Values.Distinct().Count()} classes");
            var runs = await ctx.Clusters.RunsOfSnapshotAsync(s.Id, ct);
            if (runs.Count > 0) await RunTable.PrintAsync(ctx, runs, Clustering.NoiseHandling.OneCluster, ct);
            return 0;
        }));
        return command;
    }

    private static Command Labels()
    {
        var snapshot = new Argument<string>("snapshot") { Description = "Name or id." };
        var csv = new Argument<FileInfo>("csv") { Description = "Rows of key,label; a key is an image path (relative to the CSV's folder or absolute), an image id or a region id." };
        var command = new Command("labels", "Attach ground-truth labels, so runs on the snapshot are scored (AMI, NMI, ARI, accuracy).") { snapshot, csv };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var s = await ctx.SnapshotAsync(parse.GetValue(snapshot)!, ct);
            var file = parse.GetValue(csv)!;
            var rows = LabelCsv.Read(file);
            var attached = await ctx.Labels.AttachAsync(s.Id, rows, ct);
            Console.WriteLine($"{rows.Count} rows: {attached.Labelled} vectors of {s.Name} labelled, {attached.UnmatchedKeys} keys matched nothing");
            if (attached.UnmatchedKeys > 0) Console.WriteLine($"  for example: {string.Join(", ", attached.UnmatchedSample)}");
            return attached.Labelled > 0 ? 0 : 1;
        }));
        return command;
    }
}
