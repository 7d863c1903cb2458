using Npgsql;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// Tells a database outage (the server refusing, dropping or restarting connections) from any other failure, so a
/// message waits out a restart instead of exhausting the retries meant for a bug or a poison message.
/// </summary>
public static class DatabaseOutage
{
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // The server answered: only connection errors (class 08) and shutting down or starting up count.
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState
                        is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
                // Npgsql could not reach the server, or lost it in the middle of a command.
                case NpgsqlException:
                    return true;
            }
        }
        return false;
    }
}
