using System.Text.Json;

namespace Pipeline.Inference.Models.Download;

/// <summary>
/// Where hf: and gh: sources live. The defaults are the public sites; HF_ENDPOINT (the Hugging Face tools' own
/// variable) and GITHUB_ENDPOINT / GITHUB_API_ENDPOINT point them at a mirror.
/// </summary>
public sealed record ModelHubs(Uri HuggingFace, Uri GitHub, Uri GitHubApi)
{
    public static ModelHubs FromEnvironment() => new(
        new Uri(Environment.GetEnvironmentVariable("HF_ENDPOINT") ?? "https://huggingface.co"),
        new Uri(Environment.GetEnvironmentVariable("GITHUB_ENDPOINT") ?? "https://github.com"),
        new Uri(Environment.GetEnvironmentVariable("GITHUB_API_ENDPOINT") ?? "https://api.github.com"));

    public Uri FileUrl(LockEntry e, string revision) => e.Source[..3] switch
    {
        "hf:" => Join(HuggingFace, $"{Repo(e)}/resolve/{revision}/{e.RemotePath}"),
        _ => Join(GitHub, $"{Repo(e)}/raw/{revision}/{e.RemotePath}"),
    };

    /// <summary>The URL whose JSON answer names the commit a branch points at now, and that answer's property.</summary>
    public Uri HeadUrl(LockEntry e) => e.Source[..3] switch
    {
        "hf:" => Join(HuggingFace, $"api/models/{Repo(e)}/revision/{e.Revision}"),
        _ => Join(GitHubApi, $"repos/{Repo(e)}/commits/{e.Revision}"),
    };

    public static string CommitOf(string headJson)
    {
        using var doc = JsonDocument.Parse(headJson);
        return doc.RootElement.TryGetProperty("sha", out var sha) && sha.GetString() is { } s && LockEntry.CommitPattern().IsMatch(s)
            ? s
            : throw new InvalidDataException("the hub's answer names no commit (no 40-hex 'sha')");
    }

    private static string Repo(LockEntry e) => e.Source[3..];

    private static Uri Join(Uri root, string path) => new(root, root.AbsolutePath.TrimEnd('/') + "/" + path);
}
