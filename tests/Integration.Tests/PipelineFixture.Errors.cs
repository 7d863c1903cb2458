using Pipeline.ServiceDefaults.Broker;

namespace Pipeline.Integration.Tests;

public partial class PipelineFixture
{
    /// <summary>The management API of this fixture's virtual host, for the error-queue service the CLI and dashboard use.</summary>
    public RabbitManagementClient Management => _management;
}
