using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MassTransit;
using Pipeline.Clustering;
using Pipeline.Contracts;
using Pipeline.Storage.Entities;

namespace Pipeline.Cli.Commands;

internal static class ClusterCommand
{
    public static readonly string[] Algorithms = ["hdbscan", "dbscan", "optics", "kmeans", "xmeans"];

    public static Command Create()
    {
        var algorithm = new Option<string>("--algorithm", "-a") { Description = string.Join(", ", Algorithms) + ".", DefaultValueFactory = _ => "hdbscan" };
        algorithm.AcceptOnlyFromAmong(Algorithms);
        var model = new Option<string>("--model") { Description = "Whose vectors to cluster (when no --snapshot).", DefaultValueFactory = _ => "weightfree-v1" };
        var job = new Option<Guid?>("--job") { Description = "Only this job's vectors (when no --snapshot)." };
        var snapshot = new Option<string?>("--snapshot") { Description = "Cluster this snapshot (name or id); default: a new snapshot of the model's current vectors." };
        var seed = new Option<int>("--seed") { Description = "Seed for everything randomised (PCA, k-means, x-means).", DefaultValueFactory = _ => 0 };
        var pca = new Option<int?>("--pca") { Description = "Reduce to this many dimensions with PCA first (e.g. 32)." };
        var param = new Option<string[]>("--param", "-p") { Description = "Any algorithm parameter by its scikit-learn name: -p min_samples=5 -p xi=0.05.", AllowMultipleArgumentsPerToken = true };
        var minClusterSize = new Option<int?>("--min-cluster-size") { Description = "HDBSCAN min_cluster_size (default 5)." };
        var minSamples = new Option<int?>("--min-samples") { Description = "HDBSCAN / DBSCAN / OPTICS min_samples." };
        var selection = new Option<string?>("--selection") { Description = "HDBSCAN cluster_selection_method: eom or leaf." };
        var epsilon = new Option<double?>("--epsilon") { Description = "HDBSCAN cluster_selection_epsilon." };
        var single = new Option<bool>("--allow-single-cluster") { Description = "HDBSCAN allow_single_cluster." };
        var k = new Option<int?>("--k") { Description = "k-means n_clusters." };
        var kMin = new Option<int?>("--k-min") { Description = "x-means k_min (default 2)." };
        var kMax = new Option<int?>("--k-max") { Description = "x-means k_max (default 40)." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the run, showing its progress, and print its clusters." };
        var command = new Command("cluster", """
            Cluster a snapshot of a model's vectors. DBSCAN picks eps at the knee of the k-distance curve unless -p eps=... is given.
            Every run records its snapshot, algorithm, parameters and seed, so it can be repeated exactly.
            """)
        {
            algorithm, model, job, snapshot, seed, pca, param, minClusterSize, minSamples, selection, epsilon, single, k, kMin, kMax, wait,
            Cancel(),
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var parameters = ParseParameters(parse.GetValue(param) ?? []);
            void Add<T>(string name, T? value) where T : struct
            {
                if (value is { } v) parameters[name] = Convert.ToString(v, CultureInfo.InvariantCulture)!;
            }
            Add("pca", parse.GetValue(pca));
            Add("min_cluster_size", parse.GetValue(minClusterSize));
            Add("min_samples", parse.GetValue(minSamples));
            Add("cluster_selection_epsilon", parse.GetValue(epsilon));
            if (parse.GetValue(selection) is { } s) parameters["cluster_selection_method"] = s;
            if (parse.GetValue(single)) parameters["allow_single_cluster"] = "true";
            Add("n_clusters", parse.GetValue(k));
            Add("k_min", parse.GetValue(kMin));
            Add("k_max", parse.GetValue(kMax));

            var snapshotId = parse.GetValue(snapshot) is { } name ? (await ctx.SnapshotAsync(name, ct)).Id : (Guid?)null;
            var runId = await RequestAsync(ctx, parse.GetValue(algorithm)!, parameters, parse.GetValue(seed), snapshotId,
                parse.GetValue(model)!, parse.GetValue(job), ct);
            return parse.GetValue(wait) ? await WaitAsync(ctx, runId, ct) : 0;
        }));
        return command;
    }

    /// <summary>name=value pairs into a parameter map; a malformed pair is an error.</summary>
    public static Dictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        try
        {
            return ClusteringParameters.Parse(pairs);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message);
        }
    }

    public static async Task<Guid> RequestAsync(CliContext ctx, string algorithm, Dictionary<string, string> parameters, int seed,
        Guid? snapshotId, string model, Guid? job, CancellationToken ct)
    {
        var request = new ClusteringRequested
        {
            RunId = NewId.NextGuid(), Model = model, JobId = job, SnapshotId = snapshotId,
            Algorithm = algorithm, Parameters = parameters, Seed = seed,
        };
        await ctx.Clusters.RequestAsync(request.RunId, request.Algorithm, JsonSerializer.Serialize(parameters), request.Seed, ct);
        await ctx.SendAsync(Queues.ClusteringRequested, request, ct);
        Console.WriteLine($"run {request.RunId} requested: {request.Algorithm} {JsonSerializer.Serialize(parameters)} seed {request.Seed}");
        return request.RunId;
    }

    /// <summary>Polls until the run ends, printing its phase and percentage as they change.</summary>
    public static async Task<ClusterRun> WaitForEndAsync(CliContext ctx, Guid runId, bool quiet, CancellationToken ct)
    {
        var shown = "";
        while (true)
        {
            var run = await ctx.Clusters.FindRunAsync(runId, ct) ?? throw new CliException($"run {runId} not found");
            if (run.Status is not (RunStatus.Queued or RunStatus.Running)) return run;
            var now = run.Phase is null ? run.Status.ToString().ToLowerInvariant() : $"{run.Phase} {run.Progress * 100:F0}%";
            if (!quiet && now != shown) Console.WriteLine($"  {runId.ToString()[..8]}: {shown = now}");
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    public static async Task<int> WaitAsync(CliContext ctx, Guid runId, CancellationToken ct)
    {
        var run = await WaitForEndAsync(ctx, runId, quiet: false, ct);
        if (run.Status != RunStatus.Succeeded)
        {
            Console.Error.WriteLine($"error: run {runId} {run.Status.ToString().ToLowerInvariant()}: {run.Error}");
            return 1;
        }
        Console.WriteLine($"run {runId}: {run.ClusterCount} clusters, {run.NoiseCount} noise of {run.PointCount} points in {run.Seconds:F2}s");
        foreach (var c in await ctx.Clusters.SummariseAsync(runId, ct))
            Console.WriteLine(c.Cluster < 0 ? $"  noise       {c.Size,7}" : $"  cluster {c.Cluster,3} {c.Size,7}");
        return 0;
    }

    private static Command Cancel()
    {
        var run = new Argument<Guid>("run") { Description = "The run's id." };
        var command = new Command("cancel", "Stop a queued or running clustering run (it ends as cancelled within about a second).") { run };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async ctx =>
        {
            var id = parse.GetValue(run);
            if (!await ctx.Clusters.RequestCancelAsync(id, ct)) throw new CliException($"run {id} is not queued or running");
            Console.WriteLine($"run {id}: cancel requested");
            return 0;
        }));
        return command;
    }
}
