using System.Diagnostics;

namespace Pipeline.Integration.Tests;

/// <summary>One service of the solution running as its own process, its output kept in a log file.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private bool _disposed;
    public string LogPath { get; }
    public Uri Url { get; }

    /// <param name="bindHost">The address it listens on (0.0.0.0: every interface); it is always reached on 127.0.0.1.</param>
    /// <param name="name">Its name and log file's, for a second process of one project ("Embed.Worker-2"); the project's by default.</param>
    public ServiceProcess(string project, IReadOnlyDictionary<string, string> environment, string logDir, string bindHost = "127.0.0.1",
        string? name = null)
    {
        var dll = RepoPaths.Output(project);
        var port = RepoPaths.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}");
        LogPath = Path.Combine(logDir, (name ?? project) + ".log");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["ASPNETCORE_URLS"] = $"http://{bindHost}:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {dll}");
        // Appended to, so a restarted service's log follows the one it replaced.
        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name => Path.GetFileNameWithoutExtension(LogPath);

    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Tail()}");
            try
            {
                if ((await http.GetAsync(new Uri(Url, "/health"))).IsSuccessStatusCode) return;
            }
            // Refused while it starts, or slow to answer on a loaded machine: either way, ask again until the deadline.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} not healthy after {timeout}:\n{Tail()}");
    }

    /// <summary>The exit code once it has exited by itself, or null when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return string.Join('\n', new StreamReader(stream).ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException e) { return e.Message; }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
