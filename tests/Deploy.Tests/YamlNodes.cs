using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>Null-tolerant reading of parsed YAML: a missing key or a node of the wrong shape reads as null or empty.</summary>
public static class YamlNodes
{
    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode map ? map.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && k.Value == key).Value : null;

    public static YamlNode? At(this YamlNode? node, params string[] path) => path.Aggregate(node, (n, key) => n.Get(key));

    public static string? Str(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode seq ? seq.Children : [];

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode map ? map.Children.Select(c => (((YamlScalarNode)c.Key).Value ?? "", c.Value)) : [];

    public static void Set(this YamlMappingNode map, string key, YamlNode value)
    {
        var existing = map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key);
        if (existing is not null) map.Children[existing] = value;
        else map.Children.Add(new YamlScalarNode(key), value);
    }

    public static YamlNode Clone(this YamlNode node) => node switch
    {
        YamlScalarNode s => new YamlScalarNode(s.Value) { Style = s.Style },
        YamlSequenceNode seq => new YamlSequenceNode(seq.Children.Select(Clone)),
        YamlMappingNode map => new YamlMappingNode(map.Children.Select(c => new KeyValuePair<YamlNode, YamlNode>(c.Key.Clone(), c.Value.Clone()))),
        _ => throw new NotSupportedException($"YAML node {node.NodeType}"),
    };

    public static List<YamlNode> Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).Where(n => n is not YamlScalarNode { Value: null or "" }).ToList();
    }

    public static string Describe(this YamlNode doc) => $"{doc.Str("kind")}/{doc.Str("metadata", "name")}";
}
