using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Pipeline.Dashboard.Security;

public static class SecurityExtensions
{
    private const string Either = "ApiKeyOrCookie";

    /// <summary>
    /// Bound to anything but loopback, every page and /api, /media need a signed-in user or the API key, and starting
    /// without either configured is refused. On loopback the dashboard stays open unless credentials are configured.
    /// </summary>
    public static IHostApplicationBuilder AddDashboardSecurity(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection(DashboardAuthOptions.Section).Get<DashboardAuthOptions>() ?? new();
        if (auth.Problem() is { } problem) throw new InvalidOperationException(problem);
        var urls = ListenAddresses.From(builder.Configuration);
        var loopback = ListenAddresses.AreLoopbackOnly(urls);
        if (!loopback && !auth.IsConfigured)
            throw new InvalidOperationException(
                $"The dashboard would listen on {string.Join(", ", urls)}, beyond loopback, with no credentials. Set Auth:ApiKey " +
                "(environment Auth__ApiKey) and/or Auth:User with Auth:PasswordHash (from `pipeline hash-password`), or bind to 127.0.0.1.");

        builder.Services.AddOptions<DashboardAuthOptions>().BindConfiguration(DashboardAuthOptions.Section);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAuthentication(Either)
            .AddPolicyScheme(Either, null, o => o.ForwardDefaultSelector = c =>
                ApiKeyHandler.KeyOf(c.Request) is null ? CookieAuthenticationDefaults.AuthenticationScheme : ApiKeyHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "pipeline-auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                // API clients get a status code, people get the login page.
                o.Events.OnRedirectToLogin = c => Deny(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Deny(c, StatusCodes.Status403Forbidden);
            });
        builder.Services.AddAuthorization(o =>
        {
            if (loopback && !auth.IsConfigured) return;
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        return builder;
    }

    /// <summary>POST /logout ends the cookie session.</summary>
    public static IEndpointRouteBuilder MapLogout(this IEndpointRouteBuilder app)
    {
        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });
        return app;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/media"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
