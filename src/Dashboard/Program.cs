using Pipeline.Dashboard;
using Pipeline.Dashboard.Components;
using Pipeline.Dashboard.Curation;
using Pipeline.Dashboard.Errors;
using Pipeline.Dashboard.Media;
using Pipeline.Dashboard.Search;
using Pipeline.Dashboard.Security;
using Pipeline.Dashboard.Workers;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDashboard();
// Serve Blazor's script from the build output in every environment (run.sh and the tests run bin/, not a publish).
builder.WebHost.UseStaticWebAssets();
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
app.MapTaskApi();
app.MapMedia();
app.MapWorkersApi();
app.MapErrorsApi();
app.MapLogout();
app.MapDefaultEndpoints();
app.Run();
