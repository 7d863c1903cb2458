using Npgsql;

namespace Pipeline.Cli.Commands;

internal static class CommandRunner
{
    /// <summary>Runs a command body with a context and turns user-fixable problems into one clear line and exit code 1.</summary>
    public static async Task<int> RunAsync(Func<CliContext, Task<int>> body)
    {
        try
        {
            await using var context = new CliContext();
            return await body(context);
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"error: database: {e.Message} (is PostgreSQL running? scripts/services.sh starts it)");
            return 1;
        }
    }
}
