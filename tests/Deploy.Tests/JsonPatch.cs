using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>RFC 6902 add, replace and remove on a parsed YAML document (the operations the kustomizations here use).</summary>
public static class JsonPatch
{
    public static void Apply(YamlNode doc, YamlNode operation)
    {
        var op = operation.Str("op");
        var tokens = (operation.Str("path") ?? throw new InvalidDataException("JSON patch operation without a path"))
            .Split('/').Skip(1).Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
        var parent = tokens[..^1].Aggregate(doc, (node, token) => Child(node, token)
            ?? throw new InvalidDataException($"JSON patch path {operation.Str("path")}: no '{token}'"));
        var last = tokens[^1];
        var value = operation.Get("value")?.Clone();
        switch (parent, op)
        {
            case (YamlMappingNode map, "add"):
                map.Set(last, value!);
                break;
            case (YamlMappingNode map, "replace") when map.Get(last) is not null:
                map.Set(last, value!);
                break;
            case (YamlMappingNode map, "remove") when map.Get(last) is not null:
                map.Children.Remove(map.Children.Keys.First(k => ((YamlScalarNode)k).Value == last));
                break;
            case (YamlSequenceNode seq, "add"):
                if (last == "-") seq.Children.Add(value!);
                else seq.Children.Insert(int.Parse(last), value!);
                break;
            case (YamlSequenceNode seq, "replace"):
                seq.Children[int.Parse(last)] = value!;
                break;
            case (YamlSequenceNode seq, "remove"):
                seq.Children.RemoveAt(int.Parse(last));
                break;
            default:
                throw new InvalidDataException($"JSON patch '{op}' at {operation.Str("path")} cannot be applied");
        }
    }

    private static YamlNode? Child(YamlNode node, string token) => node switch
    {
        YamlMappingNode map => map.Get(token),
        YamlSequenceNode seq when int.TryParse(token, out var i) && i < seq.Children.Count => seq.Children[i],
        _ => null,
    };
}
