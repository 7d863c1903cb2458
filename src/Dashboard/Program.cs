using Pipeline.Dashboard;
using Pipeline.Dashboard.Components;
using Pipeline.Dashboard.Curation;
using Pipeline.Dashboard.Media;
using Pipeline.Dashboard.Search;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDashboard();
// Serve Blazor's script from the build output in every environment (run.sh and the tests run bin/, not a publish).
builder.WebHost.UseStaticWebAssets();

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapSearchApi();
app.MapCurationApi();
app.MapTaskApi();
app.MapMedia();
app.MapDefaultEndpoints();
app.Run();
