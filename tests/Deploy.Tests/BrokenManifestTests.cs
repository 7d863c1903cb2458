using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>The checker fails on each kind of mistake: a small sound set passes, and each one-line breakage of it is caught.</summary>
public class BrokenManifestTests
{
    private static readonly DeployFacts Facts = new(
        new Dictionary<string, string> { ["pipeline/embed"] = "Embed.Worker" },
        new HashSet<string> { "latest", "gpu" },
        new Dictionary<string, IReadOnlySet<string>> { ["embed"] = DeployFacts.ConsumerQueues(typeof(Pipeline.Embed.Worker.Extensions).Assembly) });

    private const string Sound = """
        apiVersion: v1
        kind: Secret
        metadata: { name: credentials }
        stringData: { PASSWORD: change-me, RABBITMQ_DEFAULT_USER: u, RABBITMQ_DEFAULT_PASS: change-me, RABBITMQ_URI: "amqp://u:change-me@rabbitmq:5672/" }
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: settings }
        data: { HOST: postgres }
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: embed }
        spec:
          selector: { matchLabels: { app: embed } }
          template:
            metadata: { labels: { app: embed } }
            spec:
              containers:
                - name: embed
                  image: pipeline/embed:latest
                  ports: [{ name: http, containerPort: 8080 }]
                  envFrom: [{ configMapRef: { name: settings } }, { secretRef: { name: credentials } }]
                  env: [{ name: ConnectionStrings__pipeline, value: "Host=$(HOST);Password=$(PASSWORD)" }]
                  readinessProbe: { httpGet: { path: /health, port: http } }
                  livenessProbe: { httpGet: { path: /alive, port: 8080 } }
                  resources: { requests: { cpu: 100m, memory: 1Gi }, limits: { memory: 1Gi } }
              volumes: [{ name: models, persistentVolumeClaim: { claimName: models } }]
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: { name: models }
        ---
        apiVersion: v1
        kind: Service
        metadata: { name: embed }
        spec: { selector: { app: embed } }
        ---
        apiVersion: keda.sh/v1alpha1
        kind: TriggerAuthentication
        metadata: { name: rabbitmq }
        spec: { secretTargetRef: [{ parameter: host, name: credentials, key: RABBITMQ_URI }] }
        ---
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: { name: embed }
        spec:
          scaleTargetRef: { name: embed }
          minReplicaCount: 1
          maxReplicaCount: 4
          triggers: [{ type: rabbitmq, metadata: { queueName: region-detected }, authenticationRef: { name: rabbitmq } }]
        """;

    private static List<string> Check(string yaml) => ManifestChecks.Check(YamlNodes.Parse(yaml).Cast<YamlMappingNode>().ToList(), Facts);

    [Fact]
    public void The_sound_set_passes() => Assert.Empty(Check(Sound));

    [Theory]
    [InlineData("matchLabels: { app: embed }", "matchLabels: { app: embedder }", "selector.matchLabels does not match")]
    [InlineData("configMapRef: { name: settings }", "configMapRef: { name: setings }", "ConfigMap 'setings', which does not exist")]
    [InlineData("Password=$(PASSWORD)", "Password=$(POSTGRES_PASSWORD)", "uses $(POSTGRES_PASSWORD)")]
    [InlineData("claimName: models", "claimName: model", "PersistentVolumeClaim 'model'")]
    [InlineData("key: RABBITMQ_URI", "key: RABBITMQ_URL", "key 'RABBITMQ_URL' of Secret 'credentials'")]
    [InlineData("path: /health", "path: /healthz", "readinessProbe asks /healthz")]
    [InlineData("port: 8080 } }", "port: 80 } }", "livenessProbe uses port 80")]
    [InlineData("image: pipeline/embed:latest", "image: pipeline/embed:cuda", "'pipeline/embed:cuda' is not built")]
    [InlineData("image: pipeline/embed:latest", "image: pipeline/embed:gpu", "nvidia.com/gpu limit disagree")]
    [InlineData("requests: { cpu: 100m, memory: 1Gi }, ", "", "lacks cpu/memory requests")]
    [InlineData("spec: { selector: { app: embed } }", "spec: { selector: { app: embeds } }", "Service/embed: its selector matches no")]
    [InlineData("scaleTargetRef: { name: embed }", "scaleTargetRef: { name: embedder }", "Deployment 'embedder', which does not exist")]
    [InlineData("queueName: region-detected", "queueName: regions-detected", "queue 'regions-detected' is not read by embed")]
    [InlineData("minReplicaCount: 1", "minReplicaCount: 2", "minReplicaCount must be 0 or 1")]
    [InlineData("data: { HOST: postgres }", "data: { HOST: postgres, DB_PASSWORD: x }", "'DB_PASSWORD' looks like a credential")]
    [InlineData("RABBITMQ_DEFAULT_PASS: change-me", "RABBITMQ_DEFAULT_PASS: changed", "RABBITMQ_URI's user and password differ")]
    [InlineData("metadata: { name: models }", "metadata: {}", "lacks apiVersion, kind or metadata.name")]
    public void Each_breakage_is_reported(string find, string replace, string expected)
    {
        Assert.Contains(find, Sound);
        var problems = Check(Sound.Replace(find, replace));
        Assert.Contains(problems, p => p.Contains(expected));
    }

    [Fact]
    public void A_patch_that_matches_nothing_fails_the_render()
    {
        var dir = Directory.CreateTempSubdirectory("deploy-tests-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "app.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n");
            File.WriteAllText(Path.Combine(dir.FullName, "kustomization.yaml"),
                "resources: [app.yaml]\npatches:\n  - patch: |-\n      apiVersion: v1\n      kind: ConfigMap\n      metadata: { name: setings }\n");
            Assert.Throws<InvalidDataException>(() => Kustomize.Build(dir.FullName));
        }
        finally { dir.Delete(recursive: true); }
    }
}
