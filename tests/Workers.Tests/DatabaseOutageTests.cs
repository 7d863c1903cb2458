using System.Net.Sockets;
using Npgsql;
using Pipeline.ServiceDefaults;

namespace Pipeline.Workers.Tests;

public sealed class DatabaseOutageTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown)]   // the server is stopping (a restart)
    [InlineData(PostgresErrorCodes.CannotConnectNow)] // ... or still starting
    [InlineData(PostgresErrorCodes.ConnectionFailure)]
    public void A_server_going_away_or_coming_back_is_an_outage(string sqlState) =>
        Assert.True(DatabaseOutage.Is(new PostgresException("gone", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.UndefinedTable)]
    public void An_error_of_the_statement_itself_is_not(string sqlState) =>
        Assert.False(DatabaseOutage.Is(new PostgresException("bad", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_refused_connection_is_an_outage_even_when_wrapped() =>
        Assert.True(DatabaseOutage.Is(new InvalidOperationException("wrapped",
            new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)))));

    [Fact]
    public void Any_other_failure_is_not() => Assert.False(DatabaseOutage.Is(new InvalidOperationException("a bug")));
}
