using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MassTransit;
using Pipeline.Contracts;
using Pipeline.Storage.Entities;

namespace Pipeline.Cli.Commands;

internal static class ClusterCommand
{
    public static Command Create()
    {
        var algorithm = new Option<string>("--algorithm", "-a") { Description = "hdbscan or xmeans.", DefaultValueFactory = _ => "hdbscan" };
        algorithm.AcceptOnlyFromAmong("hdbscan", "xmeans");
        var model = new Option<string>("--model") { Description = "Whose vectors to cluster.", DefaultValueFactory = _ => "weightfree-v1" };
        var job = new Option<Guid?>("--job") { Description = "Only this job's vectors (default: all of the model's)." };
        var seed = new Option<int>("--seed") { Description = "Seed for randomised algorithms (x-means).", DefaultValueFactory = _ => 0 };
        var minClusterSize = new Option<int?>("--min-cluster-size") { Description = "HDBSCAN min_cluster_size (default 5)." };
        var minSamples = new Option<int?>("--min-samples") { Description = "HDBSCAN min_samples (default: min cluster size)." };
        var selection = new Option<string?>("--selection") { Description = "HDBSCAN cluster_selection_method: eom or leaf." };
        var epsilon = new Option<double?>("--epsilon") { Description = "HDBSCAN cluster_selection_epsilon." };
        var single = new Option<bool>("--allow-single-cluster") { Description = "HDBSCAN allow_single_cluster." };
        var kMin = new Option<int?>("--k-min") { Description = "x-means k_min (default 2)." };
        var kMax = new Option<int?>("--k-max") { Description = "x-means k_max (default 40)." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the run and print its clusters." };
        var command = new Command("cluster", "Cluster a snapshot of a model's vectors with HDBSCAN or x-means.")
        {
            algorithm, model, job, seed, minClusterSize, minSamples, selection, epsilon, single, kMin, kMax, wait,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var parameters = new Dictionary<string, string>();
            void Add<T>(string name, T? value) where T : struct
            {
                if (value is { } v) parameters[name] = Convert.ToString(v, CultureInfo.InvariantCulture)!;
            }
            Add("min_cluster_size", parse.GetValue(minClusterSize));
            Add("min_samples", parse.GetValue(minSamples));
            Add("cluster_selection_epsilon", parse.GetValue(epsilon));
            if (parse.GetValue(selection) is { } s) parameters["cluster_selection_method"] = s;
            if (parse.GetValue(single)) parameters["allow_single_cluster"] = "true";
            Add("k_min", parse.GetValue(kMin));
            Add("k_max", parse.GetValue(kMax));

            var request = new ClusteringRequested
            {
                RunId = NewId.NextGuid(), Model = parse.GetValue(model)!, JobId = parse.GetValue(job),
                Algorithm = parse.GetValue(algorithm)!, Parameters = parameters, Seed = parse.GetValue(seed),
            };
            await ctx.Clusters.RequestAsync(request.RunId, request.Algorithm, JsonSerializer.Serialize(parameters), request.Seed, ct);
            await ctx.SendAsync(Queues.ClusteringRequested, request, ct);
            Console.WriteLine($"run {request.RunId} requested: {request.Algorithm} {JsonSerializer.Serialize(parameters)} seed {request.Seed}");
            return parse.GetValue(wait) ? await WaitAsync(ctx, request.RunId, ct) : 0;
        }));
        return command;
    }

    public static async Task<int> WaitAsync(CliContext ctx, Guid runId, CancellationToken ct)
    {
        ClusterRun run;
        while ((run = await ctx.Clusters.FindRunAsync(runId, ct) ?? throw new CliException($"run {runId} not found"))
               .Status is RunStatus.Queued or RunStatus.Running)
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        if (run.Status == RunStatus.Failed)
        {
            Console.Error.WriteLine($"error: run {runId} failed: {run.Error}");
            return 1;
        }
        Console.WriteLine($"run {runId}: {run.ClusterCount} clusters, {run.NoiseCount} noise of {run.PointCount} points in {run.Seconds:F2}s");
        foreach (var c in await ctx.Clusters.SummariseAsync(runId, ct))
            Console.WriteLine(c.Cluster < 0 ? $"  noise       {c.Size,7}" : $"  cluster {c.Cluster,3} {c.Size,7}");
        return 0;
    }
}
