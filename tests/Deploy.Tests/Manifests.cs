using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>Where Kubernetes keeps pods and images in the kinds this repository deploys.</summary>
public static class Manifests
{
    public static readonly string[] Workloads = ["Deployment", "StatefulSet", "Job"];

    public static YamlNode? PodSpec(YamlNode doc) =>
        Workloads.Contains(doc.Str("kind")) ? doc.At("spec", "template", "spec") : null;

    public static IEnumerable<YamlNode> Containers(YamlNode doc) =>
        PodSpec(doc) is { } pod ? pod.Items("initContainers").Concat(pod.Items("containers")) : [];

    /// <summary>"repo/name:tag" as (repo/name, tag); a registry's port is not mistaken for a tag.</summary>
    public static (string Name, string Tag) SplitImage(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    /// <summary>The root of this checkout (where Pipeline.sln is), found upwards from the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Pipeline.sln above {AppContext.BaseDirectory}");
    }
}
