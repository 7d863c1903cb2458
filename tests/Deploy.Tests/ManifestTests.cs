using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>The repository's base and overlays, rendered and checked (issue 8, item 2).</summary>
public class ManifestTests
{
    private static readonly string Root = Manifests.RepositoryRoot();
    private static readonly DeployFacts Facts = DeployFacts.FromRepository(Root);

    private static List<YamlMappingNode> Render(string folder) => Kustomize.Build(Path.Combine(Root, "deploy", "k8s", folder));

    [Theory]
    [InlineData("base")]
    [InlineData("overlays/local")]
    [InlineData("overlays/gpu")]
    public void Every_reference_selector_probe_image_and_queue_holds(string folder)
    {
        var docs = Render(folder);
        Assert.Contains(docs, d => d.Str("kind") == "Deployment");
        Assert.Empty(ManifestChecks.Check(docs, Facts));
    }

    [Fact]
    public void Base_runs_every_service_from_the_dockerfile_and_the_pieces_issue_8_asks_for()
    {
        var docs = Render("base");
        var services = docs.SelectMany(Manifests.Containers).Select(c => Manifests.SplitImage(c.Str("image")!).Name)
            .Where(i => i.StartsWith("pipeline/")).Distinct().Order().ToList();
        Assert.Equal(["pipeline/cluster", "pipeline/dashboard", "pipeline/detect", "pipeline/embed", "pipeline/ingest", "pipeline/migrator"], services);
        Assert.All(services, s => Assert.Contains(s, Facts.Projects.Keys));
        Assert.All(new[] { "Namespace", "StatefulSet", "Job", "PodDisruptionBudget", "ScaledObject", "TriggerAuthentication" },
            kind => Assert.Contains(docs, d => d.Str("kind") == kind));
    }

    [Fact]
    public void Local_overlay_is_one_small_replica_each_without_keda()
    {
        var docs = Render("overlays/local");
        Assert.DoesNotContain(docs, d => d.Str("apiVersion")!.StartsWith("keda.sh/"));
        Assert.All(docs.Where(d => d.Str("kind") == "Deployment"), d =>
        {
            Assert.Equal("1", d.Str("spec", "replicas"));
            Assert.Equal("IfNotPresent", Manifests.Containers(d).Single().Str("imagePullPolicy"));
            Assert.Equal("100m", Manifests.Containers(d).Single().Str("resources", "requests", "cpu"));
        });
        Assert.All(docs.Where(d => d.Str("kind") == "PersistentVolumeClaim"), d => Assert.Equal("ReadWriteOnce", d.Items("spec", "accessModes").Cast<YamlScalarNode>().Single().Value));
    }

    [Theory]
    [InlineData("detect")]
    [InlineData("embed")]
    public void Gpu_overlay_puts_detect_and_embed_on_cuda_with_one_gpu(string name)
    {
        var docs = Render("overlays/gpu");
        var deployment = docs.Single(d => d.Str("kind") == "Deployment" && d.Str("metadata", "name") == name);
        var container = Manifests.Containers(deployment).Single();
        Assert.Equal($"pipeline/{name}:gpu", container.Str("image"));
        Assert.Equal("1", container.Str("resources", "limits", "nvidia.com/gpu"));
        Assert.Equal("true", deployment.Str("spec", "template", "spec", "nodeSelector", "nvidia.com/gpu.present"));
        Assert.Contains(deployment.Items("spec", "template", "spec", "tolerations"), t => t.Str("key") == "nvidia.com/gpu");
        var env = container.Items("env").ToDictionary(e => e.Str("name")!, e => e.Str("value"));
        Assert.Equal("Cuda", env["Inference__Provider"]);
        Assert.Contains("ConnectionStrings__pipeline", env.Keys);
        var scaled = docs.Single(d => d.Str("kind") == "ScaledObject" && d.Str("metadata", "name") == name);
        Assert.Equal("0", scaled.Str("spec", "minReplicaCount"));
        // The CPU services stay on the CPU image.
        Assert.Equal("pipeline/dashboard:latest", Manifests.Containers(docs.Single(d => d.Str("metadata", "name") == "dashboard" && d.Str("kind") == "Deployment")).Single().Str("image"));
    }

    [Fact]
    public void Connection_pools_must_fit_postgres_at_full_scale()
    {
        var docs = Render("overlays/gpu");
        Assert.Empty(ManifestChecks.Check(docs, Facts));
        var settings = docs.Single(d => d.Str("kind") == "ConfigMap");
        ((YamlMappingNode)settings.Get("data")!).Set("POSTGRES_MAX_POOL_SIZE", new YamlScalarNode("20"));
        Assert.Contains(ManifestChecks.Check(docs, Facts), p => p.Contains("exceed Postgres' max_connections=300"));
    }

    [Fact]
    public void Queue_names_follow_the_consumers()
    {
        Assert.Contains("image-ingested", Facts.Queues["detect"]);
        Assert.Contains("region-detected", Facts.Queues["embed"]);
        Assert.Equal(["gpu", "latest"], Facts.Targets.Order());
    }
}
