namespace Pipeline.ServiceDefaults.Broker;

/// <summary>
/// Where RabbitMQ's management HTTP API is. Anything left unset comes from the AMQP connection string: the same host on
/// port 15672, the same user, password and virtual host.
/// </summary>
public sealed class RabbitManagementOptions
{
    public const string Section = "RabbitMq";

    public string? ManagementUrl { get; set; }
    public string? ManagementUser { get; set; }
    public string? ManagementPassword { get; set; }
    public string? VirtualHost { get; set; }

    public RabbitManagementOptions FillFrom(string? amqpUri)
    {
        if (amqpUri is null || !Uri.TryCreate(amqpUri, UriKind.Absolute, out var amqp)) return this;
        var credentials = amqp.UserInfo.Split(':', 2);
        ManagementUrl ??= new UriBuilder("http", amqp.Host, 15672).Uri.ToString();
        ManagementUser ??= credentials[0] is { Length: > 0 } user ? Uri.UnescapeDataString(user) : null;
        ManagementPassword ??= credentials is [_, var password] ? Uri.UnescapeDataString(password) : null;
        VirtualHost ??= Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/')) is { Length: > 0 } vhost ? vhost : "/";
        return this;
    }
}
