using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pipeline.ServiceDefaults.Broker;

public static class BrokerRegistration
{
    /// <summary>The management API client, its settings from the RabbitMq section, defaulted from ConnectionStrings:rabbitmq.</summary>
    public static IServiceCollection AddRabbitManagement(this IServiceCollection services)
    {
        services.AddOptions<RabbitManagementOptions>().BindConfiguration(RabbitManagementOptions.Section)
            .PostConfigure<IConfiguration>((o, c) => o.FillFrom(c.GetConnectionString("rabbitmq")));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RabbitManagementOptions>>().Value);
        // Short timeout: a page refreshing every second must say "unreachable" rather than hang.
        services.AddHttpClient<RabbitManagementClient>((sp, http) =>
        {
            RabbitManagementClient.Configure(http, sp.GetRequiredService<RabbitManagementOptions>());
            http.Timeout = TimeSpan.FromSeconds(3);
        });
        return services;
    }

    /// <summary>
    /// The management API client and the parked-queue service, which reads queue names from it and messages over AMQP at
    /// ConnectionStrings:rabbitmq.
    /// </summary>
    public static IServiceCollection AddErrorQueues(this IServiceCollection services)
    {
        services.AddRabbitManagement();
        services.AddSingleton(sp => new ErrorQueues(sp.GetRequiredService<RabbitManagementClient>(), AmqpUri(sp.GetRequiredService<IConfiguration>())));
        return services;
    }

    public static Uri AmqpUri(IConfiguration configuration) => new(configuration.GetConnectionString("rabbitmq")
        ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set (environment: ConnectionStrings__rabbitmq)"));
}
