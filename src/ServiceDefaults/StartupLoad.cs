using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.ServiceDefaults;

public static class StartupLoad
{
    /// <summary>
    /// Builds <typeparamref name="T"/> (a model, say) while the host starts, so a missing or mismatched file stops the
    /// worker at once with its reason instead of failing the first message; logs what was loaded.
    /// </summary>
    public static IServiceCollection AddStartupLoad<T>(this IServiceCollection services, Func<T, string> describe) where T : notnull =>
        services.AddHostedService(sp => new Loaded<T>(sp.GetRequiredService<T>(), describe, sp.GetRequiredService<ILogger<Loaded<T>>>()));

    private sealed class Loaded<T>(T loaded, Func<T, string> describe, ILogger<Loaded<T>> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Loaded {What}", describe(loaded));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
