using Pipeline.ServiceDefaults.Broker;

namespace Pipeline.Workers.Tests;

public class RabbitManagementOptionsTests
{
    [Fact]
    public void Unset_settings_come_from_the_AMQP_connection_string()
    {
        var o = new RabbitManagementOptions().FillFrom("amqp://pipe%40line:p%3Ass@rabbit.internal:5672/pipeline-test-1");

        Assert.Equal("http://rabbit.internal:15672/", o.ManagementUrl);
        Assert.Equal("pipe@line", o.ManagementUser);
        Assert.Equal("p:ss", o.ManagementPassword);
        Assert.Equal("pipeline-test-1", o.VirtualHost);
    }

    [Fact]
    public void The_root_path_is_the_default_virtual_host_and_set_values_win()
    {
        var o = new RabbitManagementOptions { ManagementUrl = "http://mgmt:8080", ManagementUser = "monitor" }
            .FillFrom("amqp://guest:guest@127.0.0.1:5672/");

        Assert.Equal("http://mgmt:8080", o.ManagementUrl);
        Assert.Equal("monitor", o.ManagementUser);
        Assert.Equal("guest", o.ManagementPassword);
        Assert.Equal("/", o.VirtualHost);
    }
}
