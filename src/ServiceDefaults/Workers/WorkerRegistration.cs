using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Pipeline.ServiceDefaults.Workers;

public static class WorkerRegistration
{
    /// <summary>Describes this worker on the dashboard (models, batch size, prefetch); without it the worker shows as plain.</summary>
    public static IServiceCollection AddWorkerProfile(this IServiceCollection services, Func<IServiceProvider, WorkerProfile> profile) =>
        services.AddSingleton(profile);

    /// <summary>Counts consumed messages and writes this process's heartbeat row (see <see cref="WorkerHeartbeat"/>).</summary>
    internal static IServiceCollection AddWorkerHeartbeat(this IServiceCollection services)
    {
        services.AddOptions<HeartbeatOptions>().BindConfiguration(HeartbeatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(WorkerProfile.Plain);
        services.AddSingleton<MessageRate>();
        services.AddReceiveObserver<ReceiveCounter>();
        services.AddHostedService<WorkerHeartbeat>();
        return services;
    }
}
