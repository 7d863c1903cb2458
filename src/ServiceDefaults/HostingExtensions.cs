using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pipeline.ServiceDefaults.Workers;
using Pipeline.Storage;

namespace Pipeline.ServiceDefaults;

/// <summary>What every service shares: telemetry, health endpoints, storage and the bus (eShop's ServiceDefaults).</summary>
public static class HostingExtensions
{
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter("MassTransit"))
            .WithTracing(t => t.AddSource(builder.Environment.ApplicationName).AddSource("MassTransit").AddAspNetCoreInstrumentation());
        // Export only where a collector is configured; nothing leaves the machine otherwise.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            builder.Services.AddOpenTelemetry().UseOtlpExporter();

        builder.Services.AddPipelineStorage(builder.Configuration);
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"])
            .AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "postgres", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// MassTransit on RabbitMQ; each worker adds its consumers. Endpoints are named after the consumers. A process that
    /// consumes also writes a heartbeat row for the dashboard's workers page.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var uri = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set (environment: ConnectionStrings__rabbitmq). Run scripts/services.sh and source scripts/services-env.sh.");
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.DisableUsageTelemetry(); // nothing leaves the machine
            consumers?.Invoke(x);
            // Queues survive a broker restart (durable, never auto-deleted; MassTransit's defaults, stated because the
            // no-loss guarantee rests on them) and so do the messages in them (persistent, below).
            x.AddConfigureEndpointsCallback((_, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator queue) (queue.Durable, queue.AutoDelete) = (true, false);
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                // A send or publish completes only once the broker has confirmed it, and a consumer acknowledges its
                // message only after its publishes complete: a crash or broker restart in between redelivers, never loses.
                cfg.Host(new Uri(uri), h => h.PublisherConfirmation = true);
                cfg.ConfigureSend(s => s.UseSendExecute(c => c.Durable = true));
                cfg.ConfigurePublish(p => p.UseExecute(c => c.Durable = true));
                // Anything but a database outage (a bug, a poison message): five attempts with back-off, then *_error (outer
                // policy, so the fault headers carry its retry count). A database outage (restart, failover) is waited out by
                // the inner policy for about two minutes, 0.5 s to 10 s apart.
                cfg.UseMessageRetry(r => r.Exponential(Retry.Limit, Retry.MinInterval, Retry.MaxInterval, Retry.Delta)
                    .Ignore<Exception>(DatabaseOutage.Is));
                cfg.UseMessageRetry(r => r.Exponential(15, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500))
                    .Handle<Exception>(DatabaseOutage.Is));
                cfg.ConfigureEndpoints(context);
            });
        });
        if (consumers is not null) builder.Services.AddWorkerHeartbeat();
        return builder;
    }

    /// <summary>How often a failing message (other than a database outage) is retried, with exponential back-off, before MassTransit parks it in its queue's _error queue.</summary>
    public static readonly (int Limit, TimeSpan MinInterval, TimeSpan MaxInterval, TimeSpan Delta) Retry =
        (5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));

    /// <summary>/health (ready: database and broker) and /alive (process) in every environment, for Kubernetes probes.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Open even where the rest of a service needs a login: probes carry no credentials.
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = r => !r.Tags.Contains("live") || r.Tags.Contains("ready") }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") }).AllowAnonymous();
        return app;
    }
}
