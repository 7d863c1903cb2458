using System.Reflection;
using System.Text.RegularExpressions;
using MassTransit;

namespace Deploy.Tests;

/// <summary>What the manifests must agree with: the images the Dockerfile builds and the queues the workers consume.</summary>
/// <param name="Projects">service image name (pipeline/embed) -> the src/ folder (a program) the Dockerfile builds it from</param>
/// <param name="Targets">the Dockerfile's final targets, used as image tags (the default one is "latest")</param>
/// <param name="Queues">Deployment name -> the queues its consumers read</param>
public sealed record DeployFacts(
    IReadOnlyDictionary<string, string> Projects,
    IReadOnlySet<string> Targets,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Queues)
{
    /// <summary>Public images the manifests may use for the services the pipeline does not build, by repository.</summary>
    public static readonly IReadOnlyDictionary<string, string> PublicImages = new Dictionary<string, string>
    {
        ["pgvector/pgvector"] = "PostgreSQL with pgvector",
        ["rabbitmq"] = "RabbitMQ (a -management tag: KEDA and people read the management API)",
    };

    public static DeployFacts FromRepository(string root)
    {
        var dockerfile = File.ReadAllText(Path.Combine(root, "deploy", "docker", "Dockerfile"));
        // The mapping below (image pipeline/embed <- src/Embed.Worker) holds only while the Dockerfile publishes this path.
        if (!dockerfile.Contains("dotnet publish src/$PROJECT/Pipeline.$PROJECT.csproj"))
            throw new InvalidDataException("deploy/docker/Dockerfile no longer publishes src/$PROJECT/Pipeline.$PROJECT.csproj");
        var projects = Directory.GetDirectories(Path.Combine(root, "src"))
            .Where(dir => File.Exists(Path.Combine(dir, $"Pipeline.{Path.GetFileName(dir)}.csproj")) && File.Exists(Path.Combine(dir, "Program.cs")))
            .ToDictionary(dir => "pipeline/" + Path.GetFileName(dir).Replace(".Worker", "").ToLowerInvariant(), dir => Path.GetFileName(dir));
        return new DeployFacts(projects, FinalTargets(dockerfile), new Dictionary<string, IReadOnlySet<string>>
        {
            ["detect"] = ConsumerQueues(typeof(Pipeline.Detect.Worker.Extensions).Assembly),
            ["embed"] = ConsumerQueues(typeof(Pipeline.Embed.Worker.Extensions).Assembly),
        });
    }

    /// <summary>
    /// Stages no other stage builds on: the images `docker build --target` can produce. The last one is the default,
    /// tagged latest.
    /// </summary>
    public static IReadOnlySet<string> FinalTargets(string dockerfile)
    {
        var stages = Regex.Matches(dockerfile, @"^FROM\s+(\S+)\s+AS\s+(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            .Select(m => (From: m.Groups[1].Value, Name: m.Groups[2].Value)).ToList();
        var copiedFrom = Regex.Matches(dockerfile, @"--from=(\S+)").Select(m => m.Groups[1].Value);
        var used = stages.Select(s => s.From).Concat(copiedFrom).ToHashSet();
        var targets = stages.Select(s => s.Name).Where(n => !used.Contains(n)).ToHashSet();
        targets.Remove(stages[^1].Name);
        targets.Add("latest");
        return targets;
    }

    /// <summary>
    /// The endpoint (queue) names MassTransit gives the assembly's consumers under SetKebabCaseEndpointNameFormatter
    /// (ServiceDefaults' AddMessaging): RegionDetectedConsumer reads region-detected. Renaming a consumer renames its queue.
    /// </summary>
    public static IReadOnlySet<string> ConsumerQueues(Assembly assembly)
    {
        var name = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        return assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IConsumer)))
            .Select(t => (string)name.MakeGenericMethod(t).Invoke(KebabCaseEndpointNameFormatter.Instance, null)!)
            .ToHashSet();
    }
}
