using System.Text.RegularExpressions;

namespace Deploy.Tests;

/// <summary>Issue 7, item 6: credentials come from configuration and secrets, never from the code or the settings it ships.</summary>
public partial class CredentialTests
{
    // A password in a connection string, or user:password in an amqp/http URI.
    [GeneratedRegex(@"(?i)\b(password|pwd)=[^;""'\s{$]|(amqps?|https?|postgres(ql)?)://[^/\s:@""']+:[^/\s@""']+@")]
    private static partial Regex Credential();

    public static IEnumerable<string> Findings(string root) =>
        from file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
        where file.EndsWith(".cs") || file.EndsWith(".json") || file.EndsWith(".razor")
        where !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
              && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
        from line in File.ReadLines(file).Select((text, i) => (text, i))
        where Credential().IsMatch(line.text)
        select $"{Path.GetRelativePath(root, file)}:{line.i + 1}: {line.text.Trim()}";

    [Fact]
    public void Source_and_shipped_settings_hold_no_credentials() => Assert.Empty(Findings(Manifests.RepositoryRoot()));

    [Theory]
    [InlineData("""var cs = "Host=db;Username=app;Password=secret";""")]
    [InlineData("""  "rabbitmq": "amqp://guest:guest@127.0.0.1:5672/" """)]
    [InlineData("""new Uri("http://admin:admin@localhost:15672")""")]
    public void A_planted_credential_is_found(string line)
    {
        var root = Directory.CreateTempSubdirectory("credentials-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "src", "X"));
            File.WriteAllText(Path.Combine(root, "src", "X", "Settings.cs"), line);
            Assert.Single(Findings(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
