using Pipeline.Dashboard.Security;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Tests;

public class DashboardAuthOptionsTests
{
    private const string Key = "0123456789abcdef-key";
    private static readonly string Hash = PasswordHash.Create("s3cret pass");

    [Fact]
    public void The_key_matches_only_itself()
    {
        var auth = new DashboardAuthOptions { ApiKey = Key };
        Assert.True(auth.MatchesApiKey(Key));
        Assert.False(auth.MatchesApiKey(Key + "x"));
        Assert.False(auth.MatchesApiKey(Key[..^1]));
        Assert.False(auth.MatchesApiKey(null));
        Assert.False(new DashboardAuthOptions().MatchesApiKey(""));
    }

    [Fact]
    public void A_login_needs_the_user_and_the_password_of_the_stored_hash()
    {
        var auth = new DashboardAuthOptions { User = "curator", PasswordHash = Hash };
        Assert.True(auth.MatchesLogin("curator", "s3cret pass"));
        Assert.False(auth.MatchesLogin("curator", "s3cret pas"));
        Assert.False(auth.MatchesLogin("someone", "s3cret pass"));
        Assert.False(auth.MatchesLogin(null, "s3cret pass"));
        Assert.False(new DashboardAuthOptions { ApiKey = Key }.MatchesLogin("curator", "s3cret pass"));
    }

    [Fact]
    public void The_hash_is_salted_and_never_holds_the_password()
    {
        var again = PasswordHash.Create("s3cret pass");
        Assert.NotEqual(Hash, again);
        Assert.DoesNotContain("s3cret", Hash);
        Assert.True(PasswordHash.Verify("s3cret pass", again));
        Assert.False(PasswordHash.Verify("s3cret pass", "s3cret pass"));
    }

    [Theory]
    [InlineData("short", null, null, "at least 16")]
    [InlineData(null, "curator", null, "go together")]
    [InlineData(null, null, "pbkdf2-sha256$1$x$y", "go together")]
    [InlineData(null, "curator", "plain password", "not a hash")]
    public void Unusable_settings_are_named(string? key, string? user, string? hash, string problem) =>
        Assert.Contains(problem, new DashboardAuthOptions { ApiKey = key, User = user, PasswordHash = hash }.Problem());

    [Fact]
    public void Usable_settings_have_no_problem()
    {
        Assert.Null(new DashboardAuthOptions().Problem());
        Assert.Null(new DashboardAuthOptions { ApiKey = Key, User = "curator", PasswordHash = Hash }.Problem());
    }
}
