using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// The Dashboard alone (own database and virtual host), listening on every interface (0.0.0.0) with an API key and a
/// user whose password is configured only as its hash. The tests still talk to it on 127.0.0.1.
/// </summary>
public sealed class SecuredDashboardFixture : PipelineFixture
{
    public const string ApiKey = "test-key-0123456789abcdef";
    public const string User = "curator";
    public const string Password = "correct horse battery staple";

    protected override IReadOnlyList<string> Projects => ["Dashboard"];

    protected override string BindHost => "0.0.0.0";

    protected override void AddSettings(Dictionary<string, string> env)
    {
        env["Auth__ApiKey"] = ApiKey;
        env["Auth__User"] = User;
        env["Auth__PasswordHash"] = PasswordHash.Create(Password);
    }

    /// <summary>The settings the Dashboard was started with, for starting another one beside it.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["ConnectionStrings__pipeline"] = ConnectionString,
        ["ConnectionStrings__rabbitmq"] = RabbitUri,
    };
}

[CollectionDefinition(Name)]
public sealed class SecuredDashboardCollection : ICollectionFixture<SecuredDashboardFixture>
{
    public const string Name = "secured-dashboard";
}
