using System.Globalization;
using System.Text.Json;

namespace Pipeline.Clustering.Tests;

/// <summary>
/// The scikit-learn / pyclustering reference files in shared/reference/clustering, found by walking up from the
/// test binaries to the directory that holds shared/ beside the repository.
/// </summary>
internal static class ReferenceData
{
    public static readonly string Folder = Locate();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "reference", "clustering");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("shared/reference/clustering was not found above " + AppContext.BaseDirectory);
    }

    public static IEnumerable<string> ExpectedFiles(string pattern = "*.expected.json") =>
        Directory.EnumerateFiles(Folder, pattern).Select(Path.GetFileName).OfType<string>().Order();

    public static JsonElement Expected(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file))).RootElement;

    public static Dataset Points(string expectedFile)
    {
        string csv = Path.Combine(Folder, Expected(expectedFile).GetProperty("dataset").GetString()!);
        var lines = File.ReadAllLines(csv).Skip(1).Where(l => l.Length > 0).ToArray();
        int dim = lines[0].Split(',').Length;
        var data = new float[lines.Length * dim];
        for (int i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            for (int d = 0; d < dim; d++) data[i * dim + d] = float.Parse(fields[d], CultureInfo.InvariantCulture);
        }
        return new Dataset(data, lines.Length, dim);
    }

    /// <summary>The runs of an expected file (empty when it has none).</summary>
    public static JsonElement[] Runs(string file) =>
        Expected(file).TryGetProperty("runs", out var runs) ? runs.EnumerateArray().ToArray() : [];

    /// <summary>(file, run index) of every run of one algorithm ("hdbscan", "dbscan", "optics").</summary>
    public static TheoryData<string, int> RunsOf(string algorithm)
    {
        var runs = new TheoryData<string, int>();
        foreach (string file in ExpectedFiles())
        {
            int index = 0;
            foreach (var run in Runs(file))
            {
                if (run.TryGetProperty("algorithm", out var name) && name.GetString() == algorithm) runs.Add(file, index);
                index++;
            }
        }
        return runs;
    }

    /// <summary>A run's cluster and noise counts exactly, and its labels up to an adjusted Rand index of 0.99.</summary>
    public static void AssertReproduces(JsonElement run, ClusteringResult result)
    {
        Assert.Equal(run.GetProperty("n_clusters").GetInt32(), result.ClusterCount);
        Assert.Equal(run.GetProperty("n_noise").GetInt32(), result.NoiseCount);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(Ints(run.GetProperty("labels")), result.Labels) >= 0.99);
    }

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}

internal sealed record Dataset(float[] Data, int N, int Dim);
