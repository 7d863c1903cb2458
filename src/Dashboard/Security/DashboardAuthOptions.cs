using System.Security.Cryptography;
using System.Text;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Security;

/// <summary>
/// Who may use the dashboard and its API, from configuration or secrets (environment Auth__ApiKey, Auth__User,
/// Auth__PasswordHash), never from code. The API key is a shared secret compared as given; the password is kept only as
/// a <see cref="PasswordHash"/> (make one with `pipeline hash-password`).
/// </summary>
public sealed class DashboardAuthOptions
{
    public const string Section = "Auth";

    public string? ApiKey { get; set; }
    public string? User { get; set; }
    public string? PasswordHash { get; set; }

    public bool HasApiKey => !string.IsNullOrEmpty(ApiKey);
    public bool HasLogin => !string.IsNullOrEmpty(User) && !string.IsNullOrEmpty(PasswordHash);
    public bool IsConfigured => HasApiKey || HasLogin;

    /// <summary>Why these settings cannot be used, or null.</summary>
    public string? Problem() =>
        HasApiKey && ApiKey!.Length < 16 ? $"{Section}:ApiKey must be at least 16 characters"
        : string.IsNullOrEmpty(User) != string.IsNullOrEmpty(PasswordHash) ? $"{Section}:User and {Section}:PasswordHash go together"
        : HasLogin && !Storage.PasswordHash.IsWellFormed(PasswordHash!) ? $"{Section}:PasswordHash is not a hash from `pipeline hash-password`"
        : null;

    /// <summary>Constant time whatever the lengths: both sides are hashed to 32 bytes first.</summary>
    public bool MatchesApiKey(string? candidate) => HasApiKey && candidate is not null && SameSecret(candidate, ApiKey!);

    public bool MatchesLogin(string? user, string? password)
    {
        if (!HasLogin || user is null || password is null) return false;
        // Both checks always run, so the answer's timing does not tell whether the user name was right.
        var userMatches = SameSecret(user, User!);
        var passwordMatches = Storage.PasswordHash.Verify(password, PasswordHash!);
        return userMatches & passwordMatches;
    }

    private static bool SameSecret(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
