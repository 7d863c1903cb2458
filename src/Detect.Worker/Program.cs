using Pipeline.Detect.Worker;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDetectWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
