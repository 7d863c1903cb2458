using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline search`: a client of the dashboard's search API, so the command line and the UI answer alike.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var text = new Option<string?>("--text") { Description = "Search by words (needs a CLIP model with a text tower)." };
        var image = new Option<FileInfo?>("--image") { Description = "Search by an image file." };
        var like = new Option<Guid?>("--like") { Description = "More like this stored region or image (its id)." };
        var images = new Option<Guid[]>("--images") { Description = "Several stored regions or images as one query.", AllowMultipleArgumentsPerToken = true };
        var path = new Option<Guid[]>("--path")
        {
            Description = "A walk from one stored item to another through the 5-nearest-neighbour graph (\"style morphing\"): two ids.",
            AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(2, 2),
        };
        var mode = new Option<string>("--mode") { Description = "For --images: cv (dimensions where they agree) or mean.", DefaultValueFactory = _ => "cv" };
        mode.AcceptOnlyFromAmong("cv", "mean");
        var dims = new Option<int>("--dims") { Description = "For --images --mode cv: dimensions kept (64-256).", DefaultValueFactory = _ => 128 };
        var model = new Option<string?>("--model") { Description = "Whose vectors to search (default: the dashboard's Search:DefaultModel)." };
        var k = new Option<int>("-k") { Description = "How many results.", DefaultValueFactory = _ => 20 };
        var threshold = new Option<float?>("--threshold") { Description = "Leave out results scoring below this (inner product, -1..1)." };
        var job = new Option<Guid?>("--job") { Description = "Only this job's vectors." };
        var kept = new Option<bool>("--kept-only") { Description = "Only vectors the noise filter kept." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON answer." };
        var export = new Option<DirectoryInfo?>("--export") { Description = "Also write the results to this folder: the images (ranked links), results.csv and results.json." };
        var copy = new Option<bool>("--copy") { Description = "With --export: copy the images instead of linking them." };
        var api = new Option<string>("--api")
        {
            Description = "The dashboard's address (default: $DASHBOARD_URL, else http://127.0.0.1:5000).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DASHBOARD_URL") ?? "http://127.0.0.1:5000",
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "The dashboard's API key, needed when it is not bound to loopback (default: $PIPELINE_API_KEY).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PIPELINE_API_KEY"),
        };
        var command = new Command("search", "Search the stored vectors by text, by an image, by a stored item, or by several stored items at once; or walk from one item to another.")
        {
            text, image, like, images, path, mode, dims, model, k, threshold, job, kept, json, export, copy, api, apiKey,
        };
        command.SetAction(async (parse, ct) =>
        {
            var common = new JsonObject
            {
                ["model"] = parse.GetValue(model), ["k"] = parse.GetValue(k), ["threshold"] = parse.GetValue(threshold),
                ["job"] = parse.GetValue(job), ["keptOnly"] = parse.GetValue(kept),
            };
            using var http = new HttpClient { BaseAddress = Uri.TryCreate(parse.GetValue(api), UriKind.Absolute, out var uri) ? uri : null, Timeout = TimeSpan.FromMinutes(5) };
            try
            {
                if (http.BaseAddress is null) throw new CliException($"--api '{parse.GetValue(api)}' is not an absolute URL");
                if (parse.GetValue(apiKey) is { Length: > 0 } key) http.DefaultRequestHeaders.Add("X-Api-Key", key);
                using var response = parse.GetValue(path) is { Length: 2 } ends
                    ? await http.PostAsJsonAsync("api/search/path", With(With(common, "from", ends[0].ToString()), "to", ends[1].ToString()), ct)
                    : (parse.GetValue(text), parse.GetValue(image), parse.GetValue(like), parse.GetValue(images) ?? []) switch
                {
                    ({ } words, null, null, []) => await http.PostAsJsonAsync("api/search/text", With(common, "text", words), ct),
                    (null, { } file, null, []) => await http.PostAsync("api/search/image", Upload(file, common), ct),
                    (null, null, { } id, []) => await http.PostAsJsonAsync("api/search/similar", With(common, "id", id.ToString()), ct),
                    (null, null, null, { Length: > 0 } ids) => await http.PostAsJsonAsync("api/search/multi",
                        With(With(With(common, "ids", new JsonArray(ids.Select(i => (JsonNode)i.ToString()).ToArray())), "mode", parse.GetValue(mode)!), "dimensions", parse.GetValue(dims)), ct),
                    _ => throw new CliException("give exactly one of --text, --image, --like, --images, --path"),
                };
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
                    throw new CliException("401: the dashboard wants its API key (--api-key or $PIPELINE_API_KEY), or the key is wrong");
                if (!response.IsSuccessStatusCode)
                    throw new CliException($"{(int)response.StatusCode}: {(JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? body)}");
                var answer = JsonNode.Parse(body)!;
                if (parse.GetValue(json)) Console.WriteLine(body);
                else Print(answer);
                if (parse.GetValue(export) is { } folder) await ExportAsync(answer, body, folder.FullName, parse.GetValue(copy), ct);
                return 0;
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"error: cannot reach the dashboard at {parse.GetValue(api)}: {e.Message} (./run.sh starts it)");
                return 1;
            }
            catch (CliException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static JsonObject With(JsonObject o, string name, JsonNode? value)
    {
        var copy = (JsonObject)o.DeepClone();
        copy[name] = value;
        return copy;
    }

    private static MultipartFormDataContent Upload(FileInfo file, JsonObject common)
    {
        if (!file.Exists) throw new CliException($"the image '{file.FullName}' does not exist");
        var form = new MultipartFormDataContent { { new StreamContent(file.OpenRead()), "file", file.Name } };
        foreach (var (name, value) in common.Where(p => p.Value is not null))
            form.Add(new StringContent(value!.ToJsonString().Trim('"')), name);
        return form;
    }

    /// <summary>The results as files in rank order (001_name.jpg ...), with results.csv (scores and boxes) and results.json.</summary>
    private static async Task ExportAsync(JsonNode answer, string body, string folder, bool copy, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var csv = new StringBuilder("rank,score,path,x,y,width,height,region_id,image_id,label\n");
        var rank = 0;
        foreach (var h in answer["hits"]!.AsArray())
        {
            var path = h!["imagePath"]!.GetValue<string>();
            ExportFiles.Place(folder, $"{++rank:D3}", path, copy);
            csv.Append(CultureInfo.InvariantCulture, $"{rank},{h["score"]!.GetValue<float>():0.######},{ExportFiles.Csv(path)},")
               .Append(CultureInfo.InvariantCulture, $"{h["x"]},{h["y"]},{h["width"]},{h["height"]},{h["regionId"]},{h["imageId"]},{ExportFiles.Csv(h["label"]?.GetValue<string>() ?? "")}\n");
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "results.csv"), csv.ToString(), ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), body, ct);
        Console.WriteLine($"exported {rank} results to {folder}");
    }

    private static void Print(JsonNode answer)
    {
        var hits = answer["hits"]!.AsArray();
        Console.WriteLine($"{hits.Count} results from {answer["model"]} ({answer["method"]})");
        foreach (var h in hits)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{h!["score"]!.GetValue<float>(),7:F4}  {h["imagePath"]}  [{h["x"]},{h["y"]} {h["width"]}x{h["height"]}]  region {h["regionId"]}"));
        if (answer["cost"] is JsonObject cost)
            Console.WriteLine($"exact scan of {cost["scanned"]} vectors over {cost["dimensions"]} dimensions in {cost["milliseconds"]} ms");
    }
}
