using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Storage;

// Applies the EF Core migrations and exits: run once per deployment (a Kubernetes Job), not on every service start.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddPipelineStorage(builder.Configuration);
using var host = builder.Build();
await using var scope = host.Services.CreateAsyncScope();
var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
await db.Database.MigrateAsync();
Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
