using System.CommandLine;
using Pipeline.Contracts;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The noise filter: label regions keep / exclude, train a random forest on a model's vectors of them (5-fold
/// cross-validated weighted F1), and apply it to every vector of the model, batch by batch and resumable.
/// </summary>
internal static class NoiseCommand
{
    public static Command Create() => new("noise", "Filter noise (text, stains, blank crops) out of search and snapshots with a forest trained on your labels.")
    {
        Label(), Train(), Apply(),
    };

    private static Option<string> ModelOption() => new("--model") { Description = "Whose vectors.", DefaultValueFactory = _ => "weightfree-v1" };

    private static Command Label()
    {
        var csv = new Argument<FileInfo>("csv") { Description = "Rows of key,keep|exclude; a key is a region id, an image id or an image path (all its regions)." };
        var command = new Command("label", "Record keep / exclude labels.") { csv };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var rows = LabelCsv.Read(parse.GetValue(csv)!).Select(r => (r.Key, r.Label.ToLowerInvariant() switch
            {
                "keep" or "true" or "1" => true,
                "exclude" or "false" or "0" => false,
                var other => throw new CliException($"'{other}' is neither keep nor exclude (for {r.Key})"),
            })).ToList();
            var labelled = await ctx.Curation.LabelAsync(rows, ct);
            Console.WriteLine($"{rows.Count} rows: {labelled} regions labelled ({rows.Count(r => r.Item2)} keep rows, {rows.Count(r => !r.Item2)} exclude rows)");
            return labelled > 0 ? 0 : 1;
        }));
        return command;
    }

    private static Command Train()
    {
        var model = ModelOption();
        var trees = new Option<int>("--trees") { Description = "Trees in the forest.", DefaultValueFactory = _ => TrainNoiseFilter.DefaultTrees };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var command = new Command("train", "Train a filter on the labelled regions' vectors and report its 5-fold cross-validated weighted F1 (a Cluster worker does it).") { model, trees, seed };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(ctx =>
        {
            var request = new TrainNoiseFilter { TaskId = Guid.NewGuid(), Model = parse.GetValue(model)!, Trees = parse.GetValue(trees), Seed = parse.GetValue(seed) };
            return TaskFollower.RunAsync(ctx, Queues.NoiseFilter, request, request.TaskId, TrainNoiseFilter.Kind, request.Model, ct);
        }));
        return command;
    }

    private static Command Apply()
    {
        var model = ModelOption();
        var filterId = new Option<Guid?>("--filter") { Description = "Which filter (default: the model's newest)." };
        var batch = new Option<int>("--batch") { Description = "Vectors per transaction.", DefaultValueFactory = _ => ApplyNoiseFilter.DefaultBatchSize };
        var command = new Command("apply", """
            Decide keep or exclude for every vector of the model (a Cluster worker does it, one committed batch at a time);
            if the worker dies, the request is delivered again and carries on where it stopped.
            """) { model, filterId, batch };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(ctx =>
        {
            var request = new ApplyNoiseFilter
            {
                TaskId = Guid.NewGuid(), Model = parse.GetValue(model)!, FilterId = parse.GetValue(filterId), BatchSize = parse.GetValue(batch),
            };
            return TaskFollower.RunAsync(ctx, Queues.NoiseFilter, request, request.TaskId, ApplyNoiseFilter.Kind, request.Model, ct);
        }));
        return command;
    }
}
