using Pipeline.Embed.Worker;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEmbedWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
