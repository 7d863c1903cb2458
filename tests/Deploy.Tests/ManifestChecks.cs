using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>
/// Checks a rendered set of manifests for the mistakes that only show once applied: names that point nowhere,
/// selectors that select nothing, probes on paths or ports that do not exist, images nobody builds, pods without
/// resources, and KEDA watching queues no consumer reads. Returns one line per problem; none means the set is sound.
/// </summary>
public static partial class ManifestChecks
{
    public static List<string> Check(IReadOnlyList<YamlMappingNode> docs, DeployFacts facts)
    {
        var problems = new List<string>();
        foreach (var doc in docs.Where(d => d.Str("apiVersion") is null || d.Str("kind") is null || d.Str("metadata", "name") is null))
            problems.Add($"a document lacks apiVersion, kind or metadata.name: {doc.Describe()}");
        var named = docs.Where(d => d.Str("kind") is not null && d.Str("metadata", "name") is not null).ToList();
        foreach (var doc in named)
        {
            References(doc, named, problems);
            if (Manifests.PodSpec(doc) is not null) Workload(doc, facts, problems);
            Selectors(doc, named, problems);
            Scaling(doc, named, facts, problems);
        }
        Credentials(named, problems);
        Connections(named, problems);
        return problems;
    }

    private static YamlNode? Find(IEnumerable<YamlNode> docs, string kind, string? name) =>
        docs.FirstOrDefault(d => d.Str("kind") == kind && d.Str("metadata", "name") == name);

    private static bool HasKey(YamlNode? source, string? key) =>
        source.Get("data").Get(key ?? "") is not null || source.Get("stringData").Get(key ?? "") is not null;

    private static void References(YamlNode doc, List<YamlMappingNode> docs, List<string> problems)
    {
        var at = doc.Describe();
        foreach (var container in Manifests.Containers(doc))
        {
            var defined = new HashSet<string>();
            foreach (var from in container.Items("envFrom"))
            {
                var (kind, name) = from.Get("configMapRef") is { } cm ? ("ConfigMap", cm.Str("name")) : ("Secret", from.Str("secretRef", "name"));
                if (Find(docs, kind, name) is { } source)
                    defined.UnionWith(source.Entries("data").Concat(source.Entries("stringData")).Select(e => e.Key));
                else problems.Add($"{at}: envFrom names {kind} '{name}', which does not exist");
            }
            foreach (var env in container.Items("env"))
            {
                foreach (var (kind, field) in new[] { ("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef") })
                    if (env.At("valueFrom", field) is { } reference && !HasKey(Find(docs, kind, reference.Str("name")), reference.Str("key")))
                        problems.Add($"{at}: env {env.Str("name")} reads key '{reference.Str("key")}' of {kind} '{reference.Str("name")}', which does not exist");
                // $(VAR) expands only from variables defined before it (envFrom first, then env in order).
                foreach (Match use in VariableReference().Matches(env.Str("value") ?? ""))
                    if (!defined.Contains(use.Groups[1].Value))
                        problems.Add($"{at}: env {env.Str("name")} uses $({use.Groups[1].Value}), which no envFrom or earlier env defines");
                defined.Add(env.Str("name") ?? "");
            }
        }
        var claims = doc.Items("spec", "volumeClaimTemplates").Select(t => t.Str("metadata", "name")).ToHashSet();
        foreach (var volume in Manifests.PodSpec(doc).Items("volumes"))
        {
            var (kind, name) = volume.Get("configMap") is { } cm ? ("ConfigMap", cm.Str("name"))
                : volume.Get("secret") is { } s ? ("Secret", s.Str("secretName"))
                : ("PersistentVolumeClaim", volume.Str("persistentVolumeClaim", "claimName"));
            if (name is not null && Find(docs, kind, name) is null && !claims.Contains(name))
                problems.Add($"{at}: volume {volume.Str("name")} names {kind} '{name}', which does not exist");
        }
        foreach (var target in doc.Items("spec", "secretTargetRef"))
            if (!HasKey(Find(docs, "Secret", target.Str("name")), target.Str("key")))
                problems.Add($"{at}: {target.Str("parameter")} reads key '{target.Str("key")}' of Secret '{target.Str("name")}', which does not exist");
    }

    private static void Workload(YamlNode doc, DeployFacts facts, List<string> problems)
    {
        var at = doc.Describe();
        var templateLabels = doc.Entries("spec", "template", "metadata", "labels").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value);
        if (doc.Str("kind") != "Job" && !SelectsAll(doc.Entries("spec", "selector", "matchLabels"), templateLabels))
            problems.Add($"{at}: spec.selector.matchLabels does not match the pod template's labels");
        foreach (var container in Manifests.Containers(doc))
        {
            var image = container.Str("image") ?? "";
            var (repository, tag) = Manifests.SplitImage(image);
            var ours = facts.Projects.ContainsKey(repository);
            if (ours ? !facts.Targets.Contains(tag) : !DeployFacts.PublicImages.ContainsKey(repository)
                || repository == "rabbitmq" && !tag.Contains("management"))
                problems.Add($"{at}: image '{image}' is not built by deploy/docker/Dockerfile (targets: {string.Join(", ", facts.Targets)}) nor an allowed public image");
            var gpus = container.Str("resources", "limits", "nvidia.com/gpu");
            if (ours && (gpus is not null) != (tag == "gpu"))
                problems.Add($"{at}: image '{image}' and its nvidia.com/gpu limit disagree (the gpu image needs a GPU; a GPU needs the gpu image)");
            if (container.Str("resources", "requests", "cpu") is null || container.Str("resources", "requests", "memory") is null
                || container.Str("resources", "limits", "memory") is null)
                problems.Add($"{at}: container {container.Str("name")} lacks cpu/memory requests or a memory limit");
            Probes(at, container, ours && doc.Str("kind") == "Deployment", problems);
        }
    }

    /// <summary>HTTP probes use the services' /health (ready) and /alive (live) on a port the container declares.</summary>
    private static void Probes(string at, YamlNode container, bool service, List<string> problems)
    {
        var ports = container.Items("ports").SelectMany(p => new[] { p.Str("name"), p.Str("containerPort") }).OfType<string>().ToHashSet();
        foreach (var (probe, path) in new[] { ("startupProbe", "/alive"), ("readinessProbe", "/health"), ("livenessProbe", "/alive") })
        {
            var get = container.At(probe, "httpGet");
            if (get is null)
            {
                if (service && probe != "startupProbe") problems.Add($"{at}: {probe} must be an httpGet on {path}");
                continue;
            }
            if (get.Str("path") != path) problems.Add($"{at}: {probe} asks {get.Str("path")}, not {path}");
            if (!ports.Contains(get.Str("port") ?? "")) problems.Add($"{at}: {probe} uses port {get.Str("port")}, which the container does not declare");
        }
    }

    private static bool SelectsAll(IEnumerable<(string Key, YamlNode Value)> selector, IReadOnlyDictionary<string, string?> labels)
    {
        var wanted = selector.ToList();
        return wanted.Count > 0 && wanted.All(s => labels.TryGetValue(s.Key, out var v) && v == ((YamlScalarNode)s.Value).Value);
    }

    /// <summary>Services and disruption budgets select the pods of an existing workload.</summary>
    private static void Selectors(YamlNode doc, List<YamlMappingNode> docs, List<string> problems)
    {
        var selector = doc.Str("kind") switch
        {
            "Service" => doc.Entries("spec", "selector"),
            "PodDisruptionBudget" => doc.Entries("spec", "selector", "matchLabels"),
            _ => null,
        };
        if (selector is null) return;
        var workloads = docs.Where(d => d.Str("kind") is "Deployment" or "StatefulSet").Select(d =>
            d.Entries("spec", "template", "metadata", "labels").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value));
        if (!workloads.Any(labels => SelectsAll(selector, labels)))
            problems.Add($"{doc.Describe()}: its selector matches no Deployment's or StatefulSet's pods");
    }

    /// <summary>ScaledObjects scale an existing Deployment on queues its consumers read, authenticated by an existing TriggerAuthentication.</summary>
    private static void Scaling(YamlNode doc, List<YamlMappingNode> docs, DeployFacts facts, List<string> problems)
    {
        if (doc.Str("kind") != "ScaledObject") return;
        var at = doc.Describe();
        var target = doc.Str("spec", "scaleTargetRef", "name");
        var kind = doc.Str("spec", "scaleTargetRef", "kind") ?? "Deployment";
        if (Find(docs, kind, target) is null) problems.Add($"{at}: scaleTargetRef names {kind} '{target}', which does not exist");
        if (doc.Str("spec", "minReplicaCount") is not ("0" or "1")) problems.Add($"{at}: minReplicaCount must be 0 or 1");
        if (!int.TryParse(doc.Str("spec", "maxReplicaCount"), out var max) || max < 1) problems.Add($"{at}: maxReplicaCount must be set, at least 1");
        var queues = facts.Queues.GetValueOrDefault(target ?? "") ?? new HashSet<string>();
        foreach (var trigger in doc.Items("spec", "triggers"))
        {
            if (trigger.Str("type") != "rabbitmq") { problems.Add($"{at}: trigger type {trigger.Str("type")} is not rabbitmq"); continue; }
            if (!queues.Contains(trigger.Str("metadata", "queueName") ?? ""))
                problems.Add($"{at}: queue '{trigger.Str("metadata", "queueName")}' is not read by {target}'s consumers ({string.Join(", ", queues)})");
            if (Find(docs, "TriggerAuthentication", trigger.Str("authenticationRef", "name")) is null)
                problems.Add($"{at}: authenticationRef '{trigger.Str("authenticationRef", "name")}' names no TriggerAuthentication");
        }
    }

    /// <summary>No credentials in ConfigMaps; the broker URI carries the same user and password the broker is created with.</summary>
    private static void Credentials(List<YamlMappingNode> docs, List<string> problems)
    {
        foreach (var map in docs.Where(d => d.Str("kind") == "ConfigMap"))
            foreach (var (key, value) in map.Entries("data"))
                if (Secretish().IsMatch(key) || Secretish().IsMatch((value as YamlScalarNode)?.Value ?? ""))
                    problems.Add($"{map.Describe()}: '{key}' looks like a credential; it belongs in a Secret");
        foreach (var secret in docs.Where(d => d.Str("kind") == "Secret" && d.Str("stringData", "RABBITMQ_URI") is not null))
        {
            var user = new Uri(secret.Str("stringData", "RABBITMQ_URI")!).UserInfo;
            if (user != $"{secret.Str("stringData", "RABBITMQ_DEFAULT_USER")}:{secret.Str("stringData", "RABBITMQ_DEFAULT_PASS")}")
                problems.Add($"{secret.Describe()}: RABBITMQ_URI's user and password differ from RABBITMQ_DEFAULT_USER/PASS");
        }
    }

    /// <summary>
    /// Every pod at its largest scale opens up to POSTGRES_MAX_POOL_SIZE connections: the sum must fit Postgres'
    /// max_connections, less the three it reserves for superusers.
    /// </summary>
    private static void Connections(List<YamlMappingNode> docs, List<string> problems)
    {
        var pool = docs.Where(d => d.Str("kind") == "ConfigMap").Select(d => d.Str("data", "POSTGRES_MAX_POOL_SIZE")).FirstOrDefault(v => v is not null);
        var limit = docs.Where(d => d.Str("kind") == "StatefulSet").SelectMany(d => Manifests.Containers(d))
            .SelectMany(c => c.Items("args")).Select(a => MaxConnections().Match(((YamlScalarNode)a).Value ?? "")).FirstOrDefault(m => m.Success);
        if (pool is null || limit is null) return;
        var pods = docs.Where(d => Manifests.Containers(d).Any(c => c.Items("env").Any(e => e.Str("name") == "ConnectionStrings__pipeline")))
            .Sum(d => int.Parse(docs.FirstOrDefault(s => s.Str("kind") == "ScaledObject" && s.Str("spec", "scaleTargetRef", "name") == d.Str("metadata", "name"))
                ?.Str("spec", "maxReplicaCount") ?? d.Str("spec", "replicas") ?? "1"));
        if (pods * int.Parse(pool) > int.Parse(limit.Groups[1].Value) - 3)
            problems.Add($"{pods} pods x POSTGRES_MAX_POOL_SIZE {pool} exceed Postgres' max_connections={limit.Groups[1].Value} (less 3 reserved)");
    }

    [GeneratedRegex(@"^max_connections=(\d+)$")]
    private static partial Regex MaxConnections();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"password|passwd|ConnectionStrings|amqp://\w+:", RegexOptions.IgnoreCase)]
    private static partial Regex Secretish();
}
