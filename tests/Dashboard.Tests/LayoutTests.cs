using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;
using Pipeline.Dashboard.Components.Layout;

namespace Pipeline.Dashboard.Tests;

public class LayoutTests : BunitContext
{
    [Fact]
    public void Navigation_names_every_page_and_marks_the_current_one()
    {
        AddAuthorization();
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/clusters");
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "body"))));

        var links = layout.FindAll("nav[aria-label=Main] a");
        Assert.Equal(["/", "/workers", "/errors", "/clusters", "/search"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal("Clusters", Assert.Single(links, a => a.ClassList.Contains("active")).TextContent);
        Assert.Contains("body", layout.Find("main").TextContent);
        Assert.True(layout.Find("main").HasAttribute("data-interactive"), "browser tests wait for this mark of a live page");
    }

    [Fact]
    public void Sign_out_is_offered_only_to_someone_signed_in()
    {
        var auth = AddAuthorization();
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Assert.Empty(Render<MainLayout>().FindAll("form.logout"));

        auth.SetAuthorized("curator");
        var form = Render<MainLayout>().Find("form.logout");
        Assert.Equal("/logout", form.GetAttribute("action"));
        Assert.Contains("curator", form.TextContent);
    }
}
