using System.CommandLine;
using Pipeline.Contracts;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline adapter`: a new model's vectors from an existing model's, through an ONNX adapter, run by an Embed worker.</summary>
internal static class AdapterCommand
{
    public static Command Create()
    {
        var onnx = new Argument<string>("adapter")
        {
            Description = "The adapter's file relative to the workers' models folder (Inference:ModelsPath), e.g. adapters/style.onnx: ONNX, one float input [N, D] to one float output [N, D'].",
        };
        var from = new Option<string>("--from") { Description = "The model whose vectors go in.", Required = true };
        var to = new Option<string>("--to") { Description = "The new model the outputs are stored as.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Vectors per inference batch and transaction.", DefaultValueFactory = _ => ApplyAdapter.DefaultBatchSize };
        var command = new Command("adapter", """
            Store V' = A(V) for every vector of a model as a new model, without touching the images. An Embed worker runs
            it in id order, one transaction per batch; if the worker dies the request is delivered again and carries on,
            and asking again after new vectors arrive adds just those. The new model's HNSW index is built once at the end.
            """) { onnx, from, to, batch };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(ctx =>
        {
            var request = new ApplyAdapter
            {
                TaskId = Guid.NewGuid(), Adapter = parse.GetValue(onnx)!, SourceModel = parse.GetValue(from)!, TargetModel = parse.GetValue(to)!,
                BatchSize = parse.GetValue(batch),
            };
            return TaskFollower.RunAsync(ctx, Queues.Adapters, request, request.TaskId, ApplyAdapter.Kind, ApplyAdapter.Subject(request.SourceModel, request.TargetModel), ct);
        }));
        return command;
    }
}
