using System.Net;
using System.Net.Sockets;

namespace Pipeline.Integration.Tests;

public static class RepoPaths
{
    /// <summary>tests/Integration.Tests/bin/{Configuration}/net10.0 → the repository root.</summary>
    private static readonly DirectoryInfo TestOutput = new(AppContext.BaseDirectory);

    public static string Root => TestOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    private static string Configuration => TestOutput.Parent!.Name;

    /// <summary>The built dll of a project under src/, same configuration as the tests.</summary>
    public static string Output(string project)
    {
        var dir = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0");
        var dll = Directory.EnumerateFiles(dir, "*.dll").FirstOrDefault(f => Path.GetFileName(f).StartsWith("Pipeline.", StringComparison.Ordinal)
            && File.Exists(Path.ChangeExtension(f, ".runtimeconfig.json")))
            ?? Path.Combine(dir, "pipeline.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build output of {project} not found in {dir}: build the solution first");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
