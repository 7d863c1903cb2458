using Pipeline.Ingest.Worker;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngestWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
