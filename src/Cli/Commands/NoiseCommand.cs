using System.CommandLine;
using System.Diagnostics;
using Pipeline.Curation;
using Pipeline.Storage.Entities;

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
        var trees = new Option<int>("--trees") { Description = "Trees in the forest.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var command = new Command("train", "Train a filter on the labelled regions' vectors and report its 5-fold cross-validated weighted F1.") { model, trees, seed };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var modelId = await ctx.ModelIdAsync(parse.GetValue(model)!, ct);
            var (vectors, keep) = await ctx.Curation.TrainingSetAsync(modelId, ct);
            var options = new ForestOptions { Trees = parse.GetValue(trees), Seed = parse.GetValue(seed) };
            try
            {
                var cv = CrossValidation.Run(vectors, keep, options);
                var filter = new NoiseFilter
                {
                    Id = Guid.NewGuid(), ModelId = modelId, CreatedAt = DateTimeOffset.UtcNow, LabelCount = vectors.Count, WeightedF1 = cv.WeightedF1,
                    Forest = ForestClassifier.Train(vectors, keep, options).Save(),
                };
                await ctx.Curation.SaveFilterAsync(filter, ct);
                Console.WriteLine($"filter {filter.Id}: {vectors.Count} labels ({keep.Count(k => k)} keep), 5-fold weighted F1 {cv.WeightedF1:F4} " +
                                  $"(folds {string.Join(" ", cv.FoldF1.Select(f => f.ToString("F3")))})");
                return 0;
            }
            catch (ArgumentException e)
            {
                throw new CliException($"cannot train on {vectors.Count} labelled vectors: {e.Message}");
            }
        }));
        return command;
    }

    private static Command Apply()
    {
        var model = ModelOption();
        var filterId = new Option<Guid?>("--filter") { Description = "Which filter (default: the model's newest)." };
        var batch = new Option<int>("--batch") { Description = "Vectors per transaction.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("apply", "Decide keep or exclude for every vector of the model; an interrupted run resumes where it stopped.") { model, filterId, batch };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var modelId = await ctx.ModelIdAsync(parse.GetValue(model)!, ct);
            var filter = await ctx.Curation.FilterAsync(modelId, parse.GetValue(filterId), ct)
                ?? throw new CliException($"no noise filter for {parse.GetValue(model)}: `pipeline noise train` makes one");
            var forest = ForestClassifier.Load(filter.Forest);
            var started = Stopwatch.GetTimestamp();
            long done = 0, cursor = filter.AppliedUpTo;
            if (cursor > 0) Console.WriteLine($"resuming filter {filter.Id} after vector {cursor}");
            while (await ctx.Models.NextBatchAsync(modelId, cursor, parse.GetValue(batch), ct) is { Count: > 0 } next)
            {
                var keep = forest.Probabilities(next.Data, next.Count).Select(p => p >= 0.5f).ToArray();
                await ctx.Curation.ApplyBatchAsync(filter.Id, next.Ids, keep, ct);
                cursor = next.Ids[^1];
                done += next.Count;
                Console.WriteLine($"  {done} vectors, up to id {cursor}, {done / Stopwatch.GetElapsedTime(started).TotalSeconds:F0}/s");
            }
            var final = (await ctx.Curation.FilterAsync(modelId, filter.Id, ct))!;
            Console.WriteLine($"filter {filter.Id} applied: {final.KeptCount} kept, {final.ExcludedCount} excluded");
            return 0;
        }));
        return command;
    }
}
