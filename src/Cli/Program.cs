using System.CommandLine;
using Pipeline.Cli.Commands;

var root = new RootCommand("""
    pipeline — archive-scale visual discovery from the command line.
    Talks to the running workers through RabbitMQ and reads results from PostgreSQL; settings come from
    the environment (ConnectionStrings__pipeline, ConnectionStrings__rabbitmq — `source scripts/services-env.sh`).
    """)
{
    IngestCommand.Create(),
    StatusCommand.Create(),
    JobCommand.Create(),
    ErrorsCommand.Create(),
    ClusterCommand.Create(),
    SnapshotCommand.Create(),
    SearchCommand.Create(),
    NoiseCommand.Create(),
    AdapterCommand.Create(),
    EvalCommand.Eval(),
    EvalCommand.Compare(),
    ExportCommand.Create(),
    SampleCommand.Create(),
    ModelsCommand.Create(),
    BenchCommand.Create(),
    LoadCommand.Create(),
    HashPasswordCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
