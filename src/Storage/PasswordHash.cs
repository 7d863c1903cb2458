using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Storage;

/// <summary>
/// The stored form of the dashboard's login password: PBKDF2-HMAC-SHA256 with a random salt, written as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> (base64). Configuration holds only this, never the password itself.
/// </summary>
public static class PasswordHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 210_000; // OWASP's 2023 figure for PBKDF2-HMAC-SHA256

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Derive(password, salt, Iterations);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Whether <paramref name="stored"/> is a hash this class can check (so a bad setting fails at start, not at login).</summary>
    public static bool IsWellFormed(string stored) => TryParse(stored, out _, out _, out _);

    /// <summary>Compares in constant time; a malformed stored value never matches.</summary>
    public static bool Verify(string password, string stored) =>
        TryParse(stored, out var iterations, out var salt, out var expected)
        && CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), expected);

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        var parts = stored.Split('$');
        iterations = 0;
        salt = hash = [];
        try
        {
            if (parts is not [Scheme, var count, var s, var h] || !int.TryParse(count, out iterations) || iterations < 10_000) return false;
            salt = Convert.FromBase64String(s);
            hash = Convert.FromBase64String(h);
            return salt.Length >= 8 && hash.Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
