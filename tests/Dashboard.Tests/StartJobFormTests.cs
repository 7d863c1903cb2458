using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Pipeline.Dashboard.Components.Jobs;
using Pipeline.Dashboard.Jobs;
using Pipeline.Storage;

namespace Pipeline.Dashboard.Tests;

public class StartJobFormTests : BunitContext
{
    [Fact]
    public void A_folder_outside_the_allowed_roots_is_refused_on_the_page_and_nothing_is_sent()
    {
        var root = Directory.CreateTempSubdirectory("start-form-").FullName;
        try
        {
            // The database is never reached and the bus never asked: the folder is checked first.
            Services.AddSingleton(new IngestStore(NpgsqlDataSource.Create("Host=unreachable.invalid")));
            Services.AddSingleton<ISendEndpointProvider, NoBus>();
            Services.AddSingleton(Options.Create(new IngestFolderOptions { AllowedRoots = [Path.Combine(root, "allowed")] }));
            Services.AddSingleton<JobStarter>();
            var form = Render<StartJobForm>();

            form.Find("#job-folder").Change(root);
            form.Find("#start-job").Submit();

            var message = form.Find("#job-start-message");
            Assert.Equal("alert", message.GetAttribute("role"));
            Assert.Contains("outside the allowed roots", message.TextContent);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class NoBus : ISendEndpointProvider
    {
        public Task<ISendEndpoint> GetSendEndpoint(Uri address) => throw new InvalidOperationException("nothing may be sent");
        public ConnectHandle ConnectSendObserver(ISendObserver observer) => throw new InvalidOperationException("nothing may be sent");
    }
}
