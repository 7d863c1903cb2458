using System.CommandLine;
using Pipeline.Clustering;
using Pipeline.Storage.Entities;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline eval` scores finished runs; `pipeline compare` runs several configurations on one snapshot and scores them together.</summary>
internal static class EvalCommand
{
    private static Option<NoiseHandling> NoiseOption() => new("--noise")
    {
        Description = "How noise points count: OneCluster (default, as in the manga-face paper), Singletons, or Exclude.",
        DefaultValueFactory = _ => NoiseHandling.OneCluster,
    };

    public static Command Eval()
    {
        var runs = new Argument<Guid[]>("run") { Description = "Run ids.", Arity = ArgumentArity.OneOrMore };
        var noise = NoiseOption();
        var command = new Command("eval", "Score runs against their snapshot's labels: AMI (arithmetic, exact expected MI), NMI, ARI, and accuracy with Hungarian matching.")
        {
            runs, noise,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var found = new List<ClusterRun>();
            foreach (var id in parse.GetValue(runs)!)
                found.Add(await ctx.Clusters.FindRunAsync(id, ct) ?? throw new CliException($"run {id} not found"));
            await RunTable.PrintAsync(ctx, found, parse.GetValue(noise), ct);
            return 0;
        }));
        return command;
    }

    public static Command Compare()
    {
        var snapshot = new Argument<string>("snapshot") { Description = "Name or id of the snapshot every run uses." };
        var specs = new Option<string[]>("--run", "-r")
        {
            Description = "One configuration: \"algorithm name=value ...\", e.g. \"hdbscan min_cluster_size=10 pca=32\". Repeat for each.",
            Required = true,
        };
        var seed = new Option<int>("--seed") { Description = "Seed for every run.", DefaultValueFactory = _ => 0 };
        var noise = NoiseOption();
        var command = new Command("compare", "Run several algorithms or parameter sets on one snapshot and print one table of their scores.")
        {
            snapshot, specs, seed, noise,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var s = await ctx.SnapshotAsync(parse.GetValue(snapshot)!, ct);
            var ids = new List<Guid>();
            foreach (var spec in parse.GetValue(specs)!)
            {
                var words = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (words.Length == 0 || !ClusterCommand.Algorithms.Contains(words[0]))
                    throw new CliException($"'{spec}' does not start with an algorithm ({string.Join(", ", ClusterCommand.Algorithms)})");
                ids.Add(await ClusterCommand.RequestAsync(ctx, words[0], ClusterCommand.ParseParameters(words[1..]), parse.GetValue(seed), s.Id, "", null, ct));
            }
            var runs = new List<ClusterRun>();
            foreach (var id in ids) runs.Add(await ClusterCommand.WaitForEndAsync(ctx, id, quiet: false, ct));
            await RunTable.PrintAsync(ctx, runs, parse.GetValue(noise), ct);
            foreach (var failed in runs.Where(r => r.Status != RunStatus.Succeeded))
                Console.Error.WriteLine($"run {failed.Id.ToString()[..8]} {failed.Status.ToString().ToLowerInvariant()}: {failed.Error}");
            return runs.All(r => r.Status == RunStatus.Succeeded) ? 0 : 1;
        }));
        return command;
    }
}
