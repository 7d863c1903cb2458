using Pipeline.Dashboard;
using Pipeline.Dashboard.Components;
using Pipeline.Dashboard.Curation;
using Pipeline.Dashboard.Search;
using Pipeline.Dashboard.Security;
using Pipeline.Dashboard.Workers;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
// Run from the build output (tests, run.sh) in any environment, stylesheets and blazor.web.js come through the build's
// static web assets manifest; published output has no such manifest, so there this does nothing.
builder.WebHost.UseStaticWebAssets();
builder.AddServiceDefaults();
builder.AddDashboard();
builder.AddDashboardSecurity();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
// Stylesheets and scripts are public: the login page needs them before anyone has signed in.
app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapSearchApi();
app.MapCurationApi();
app.MapWorkersApi();
app.MapLogout();
app.MapDefaultEndpoints();
app.Run();
