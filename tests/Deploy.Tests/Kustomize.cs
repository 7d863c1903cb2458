using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>
/// Renders a kustomization the way `kubectl kustomize` does, as far as this repository uses it: resources (files or
/// folders), patches (strategic merge, `$patch: delete`, or JSON patch with a target), images and the namespace.
/// Anything else it meets is an error, so a manifest this reading cannot follow fails the tests instead of passing them.
/// </summary>
public static class Kustomize
{
    private static readonly HashSet<string> Known = ["apiVersion", "kind", "namespace", "resources", "patches", "images"];

    public static List<YamlMappingNode> Build(string dir)
    {
        var kustomization = YamlNodes.Parse(File.ReadAllText(Path.Combine(dir, "kustomization.yaml"))).Single();
        if (kustomization.Entries().Select(e => e.Key).FirstOrDefault(k => !Known.Contains(k)) is { } unknown)
            throw new NotSupportedException($"{dir}/kustomization.yaml: '{unknown}' is not understood by this test's reader");
        var docs = new List<YamlMappingNode>();
        foreach (var resource in kustomization.Items("resources").Select(r => Path.Combine(dir, ((YamlScalarNode)r).Value!)))
            docs.AddRange(Directory.Exists(resource) ? Build(resource) : YamlNodes.Parse(File.ReadAllText(resource)).Cast<YamlMappingNode>());
        foreach (var patch in kustomization.Items("patches"))
        {
            var text = patch.Str("path") is { } path ? File.ReadAllText(Path.Combine(dir, path)) : patch.Str("patch")
                ?? throw new InvalidDataException($"{dir}: a patch with neither path nor patch");
            Patch(docs, YamlNodes.Parse(text).Single(), patch.Get("target"));
        }
        foreach (var image in kustomization.Items("images"))
            SetImage(docs, image.Str("name")!, image.Str("newName"), image.Str("newTag"));
        if (kustomization.Str("namespace") is { } ns)
            foreach (var doc in docs.Where(d => d.Str("kind") != "Namespace"))
                ((YamlMappingNode)doc.Get("metadata")!).Set("namespace", new YamlScalarNode(ns));
        return docs;
    }

    private static void Patch(List<YamlMappingNode> docs, YamlNode patch, YamlNode? target)
    {
        var matches = docs.Where(d => Matches(d, target ?? patch)).ToList();
        if (matches.Count == 0) throw new InvalidDataException($"patch for {(target ?? patch).Describe()} matches no resource");
        if (patch is YamlSequenceNode operations)
        {
            foreach (var doc in matches)
                foreach (var op in operations) JsonPatch.Apply(doc, op);
        }
        else if (patch.Str("$patch") == "delete")
            docs.RemoveAll(matches.Contains);
        else
            foreach (var doc in matches) Merge(doc, (YamlMappingNode)patch);
    }

    /// <summary>A target (kind, name, labelSelector), or a patch's own kind and name.</summary>
    private static bool Matches(YamlNode doc, YamlNode selector)
    {
        var kind = selector.Str("kind");
        var name = selector.Str("name") ?? selector.Str("metadata", "name");
        var labels = (selector.Str("labelSelector") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('='));
        return (kind is null || doc.Str("kind") == kind) && (name is null || doc.Str("metadata", "name") == name)
            && labels.All(l => doc.Str("metadata", "labels", l[0]) == l[1]);
    }

    /// <summary>Strategic merge as far as used here: maps merge, lists of named items merge by name, other lists are replaced.</summary>
    private static void Merge(YamlMappingNode into, YamlMappingNode patch)
    {
        foreach (var (key, value) in patch.Entries().Where(e => e.Key != "$patch"))
        {
            var existing = into.Get(key);
            if (existing is YamlMappingNode map && value is YamlMappingNode sub) Merge(map, sub);
            else if (existing is YamlSequenceNode list && value is YamlSequenceNode items && items.All(i => i.Str("name") is not null))
                foreach (var item in items)
                {
                    if (list.Children.FirstOrDefault(c => c.Str("name") == item.Str("name")) is YamlMappingNode same) Merge(same, (YamlMappingNode)item);
                    else list.Add(item.Clone());
                }
            else into.Set(key, value.Clone());
        }
    }

    private static void SetImage(List<YamlMappingNode> docs, string name, string? newName, string? newTag)
    {
        foreach (var container in docs.SelectMany(Manifests.Containers).Cast<YamlMappingNode>())
        {
            var (image, tag) = Manifests.SplitImage(container.Str("image")!);
            if (image == name) container.Set("image", new YamlScalarNode($"{newName ?? image}:{newTag ?? tag}"));
        }
    }
}
