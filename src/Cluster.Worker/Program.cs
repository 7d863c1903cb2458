using Pipeline.Cluster.Worker;
using Pipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddClusterWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
