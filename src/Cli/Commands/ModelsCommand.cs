using System.CommandLine;
using Pipeline.Inference.Models;
using Pipeline.Inference.Models.Download;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline models download` fetches real weights by the lock file; `pipeline models list` shows what a models folder holds.</summary>
internal static class ModelsCommand
{
    public static Command Create() => new("models", "Get real model files and see what a models folder holds (no services needed).")
    {
        Download(), List(),
    };

    private static Option<DirectoryInfo> DirOption() => new("--dir")
    {
        Description = "The models folder (default: $Inference__ModelsPath, else ./models).",
        DefaultValueFactory = _ => new DirectoryInfo(Environment.GetEnvironmentVariable("Inference__ModelsPath") ?? "models"),
    };

    private static Command Download()
    {
        var names = new Argument<string[]>("model") { Description = "Models to fetch, by folder name (default: every model in the lock file).", Arity = ArgumentArity.ZeroOrMore };
        var dir = DirOption();
        var lockFile = new Option<FileInfo>("--lock")
        {
            Description = "The lock file: per file its source, pinned commit and SHA-256.",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("scripts", "models.lock")),
        };
        var pin = new Option<bool>("--pin")
        {
            Description = "Pin entries that have no commit or checksum yet to what their branch holds now, and write them to the lock file.",
        };
        var command = new Command("download", """
            Download model files into the models folder, each checked against the SHA-256 in the lock file (a mismatch is
            discarded). Needs internet access; nothing else in the pipeline downloads anything. Mirrors: set HF_ENDPOINT,
            GITHUB_ENDPOINT, GITHUB_API_ENDPOINT.
            """) { names, dir, lockFile, pin };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var file = parse.GetValue(lockFile)!.FullName;
                var modelLock = ModelLock.Read(file);
                using var http = new HttpClient { Timeout = TimeSpan.FromHours(1) };
                http.DefaultRequestHeaders.UserAgent.ParseAdd("pipeline-models/1");
                var downloader = new ModelDownloader(http, ModelHubs.FromEnvironment(), Console.Out);
                var report = await downloader.DownloadAsync(modelLock, parse.GetValue(dir)!.FullName, parse.GetValue(names) ?? [], parse.GetValue(pin), ct);
                if (report.Pinned.Count > 0)
                {
                    modelLock.Update(report.Pinned);
                    await File.WriteAllTextAsync(file, modelLock.ToString(), ct);
                    Console.WriteLine($"pinned {report.Pinned.Count} file(s) in {file}: review the diff and commit it");
                }
                Console.WriteLine($"{report.Downloaded} downloaded, {report.AlreadyPresent} already present and verified, in {parse.GetValue(dir)!.FullName}");
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException or HttpRequestException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command List()
    {
        var dir = DirOption();
        var command = new Command("list", "List the embedding models a models folder holds, as the Embed worker will see them.") { dir };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(dir)!.FullName;
            if (!Directory.Exists(root))
            {
                Console.Error.WriteLine($"error: the models folder '{root}' does not exist");
                return 1;
            }
            ModelRegistry registry;
            try { registry = ModelRegistry.Scan(root); }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            foreach (var m in registry.Models.OrderBy(m => m.Name))
                Console.WriteLine($"{m.Name,-28} {m.Kind,-6} {m.Dimensions,5}-d  image {m.ImageModel}{(m.TextModel is null ? "" : $"  text {m.TextModel}")}");
            Console.WriteLine($"{registry.Models.Count} model(s) in {root}");
            return 0;
        });
        return command;
    }
}
