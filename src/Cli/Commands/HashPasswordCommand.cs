using System.CommandLine;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline hash-password`: the value for the dashboard's Auth:PasswordHash, so no plain password is configured.</summary>
internal static class HashPasswordCommand
{
    public static Command Create()
    {
        var command = new Command("hash-password", """
            Read a password from standard input (one line) and print its PBKDF2 hash for the dashboard's Auth:PasswordHash
            (environment Auth__PasswordHash). Example: `read -rs pw && echo "$pw" | pipeline hash-password`.
            """);
        command.SetAction(_ =>
        {
            var password = Console.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                Console.Error.WriteLine("error: no password on standard input");
                return 1;
            }
            Console.WriteLine(PasswordHash.Create(password));
            return 0;
        });
        return command;
    }
}
