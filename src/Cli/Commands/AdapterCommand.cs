using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Inference;
using Pipeline.Inference.Embedding;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline adapter`: a new model's vectors from an existing model's, through a user-supplied ONNX adapter, resumable.</summary>
internal static class AdapterCommand
{
    public static Command Create()
    {
        var onnx = new Argument<FileInfo>("adapter") { Description = "The adapter: ONNX, one float input [N, D] to one float output [N, D']." };
        var from = new Option<string>("--from") { Description = "The model whose vectors go in.", Required = true };
        var to = new Option<string>("--to") { Description = "The new model the outputs are stored as.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Vectors per inference batch and transaction.", DefaultValueFactory = _ => 4096 };
        var command = new Command("adapter", """
            Store V' = A(V) for every vector of a model as a new model, without touching the images. Runs in id order, one
            transaction per batch; run it again after an interruption (or after new vectors arrive) and it carries on.
            The new model's HNSW index is built once at the end.
            """) { onnx, from, to, batch };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var source = await ctx.ModelIdAsync(parse.GetValue(from)!, ct);
            VectorAdapter adapter;
            try
            {
                adapter = new VectorAdapter(parse.GetValue(onnx)!.FullName, new InferenceOptions(), NullLogger.Instance);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or InvalidOperationException)
            {
                throw new CliException(e.Message);
            }
            using (adapter)
            {
                var first = await ctx.Models.NextBatchAsync(source, 0, 1, ct);
                if (first.Count == 0) throw new CliException($"{parse.GetValue(from)} has no vectors");
                if (first.Dimensions != adapter.InputDimensions)
                    throw new CliException($"the adapter takes {adapter.InputDimensions}-d vectors; {parse.GetValue(from)} has {first.Dimensions}-d");
                int outputs = adapter.OutputDimensions ?? adapter.Apply(first.Data, 1)[0].Length;
                var target = await ctx.Models.RegisterModelAsync(parse.GetValue(to)!, outputs, ct);
                var cursor = await ctx.Models.DerivedUpToAsync(source, target, ct);
                if (cursor > 0) Console.WriteLine($"resuming after source vector {cursor}");
                var started = Stopwatch.GetTimestamp();
                long done = 0;
                while (await ctx.Models.NextBatchAsync(source, cursor, parse.GetValue(batch), ct) is { Count: > 0 } next)
                {
                    await ctx.Models.AddDerivedAsync(target, next.Ids, adapter.Apply(next.Data, next.Count), ct);
                    cursor = next.Ids[^1];
                    done += next.Count;
                    Console.WriteLine($"  {done} vectors, up to id {cursor}, {done / Stopwatch.GetElapsedTime(started).TotalSeconds:F0}/s");
                }
                Console.WriteLine($"indexing {parse.GetValue(to)} ...");
                await ctx.Models.EnsureModelAsync(parse.GetValue(to)!, outputs, ct);
                Console.WriteLine($"{parse.GetValue(to)}: {done} new {outputs}-d vectors from {parse.GetValue(from)}");
                return 0;
            }
        }));
        return command;
    }
}
