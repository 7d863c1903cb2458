using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Pipeline.Inference.Text;

/// <summary>Reads CLIP tokenizer files into <see cref="BpeOptions"/>, turning malformed input into errors that name the file.</summary>
internal static class ClipTokenizerFiles
{
    internal static void RequireFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CLIP tokenizer file not found: {path}", path);
        }
    }

    /// <summary>Runs a load step, reporting the library's JSON and format errors against <paramref name="source"/>.</summary>
    internal static T Wrap<T>(string source, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Cannot load the CLIP tokenizer from {source}: {e.Message}", e);
        }
    }

    /// <summary>Hugging Face tokenizers format: model.vocab object and model.merges ("a b" strings or ["a","b"] pairs).</summary>
    internal static (BpeOptions Options, IReadOnlyDictionary<string, int> Vocab) ReadTokenizerJson(string path)
    {
        RequireFile(path);
        return Wrap($"'{path}'", () =>
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.Object
                || !model.TryGetProperty("vocab", out JsonElement vocabElement) || vocabElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path} has no model.vocab object: not a Hugging Face tokenizer.json.");
            }

            if (model.TryGetProperty("type", out JsonElement type) && type.GetString() != "BPE")
            {
                throw new InvalidDataException($"{path} holds a {type.GetString()} model; CLIP needs BPE.");
            }

            var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (JsonProperty entry in vocabElement.EnumerateObject())
            {
                vocab[entry.Name] = entry.Value.GetInt32();
            }

            // Exports may list the specials only among added_tokens.
            if (root.TryGetProperty("added_tokens", out JsonElement added) && added.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement token in added.EnumerateArray())
                {
                    vocab.TryAdd(token.GetProperty("content").GetString()!, token.GetProperty("id").GetInt32());
                }
            }

            var merges = new List<string>();
            if (model.TryGetProperty("merges", out JsonElement mergesElement))
            {
                foreach (JsonElement merge in mergesElement.EnumerateArray())
                {
                    merges.Add(ReadMerge(merge, path));
                }
            }

            return (new BpeOptions(vocab) { Merges = merges }, (IReadOnlyDictionary<string, int>)vocab);
        });
    }

    /// <summary>
    /// The pad id Immich pads with: tokenizer_config.json's pad_token (a string, or an object with "content").
    /// With no config, or none in it, 0 — what OpenAI's and open_clip's tokenize() pad with.
    /// </summary>
    internal static int ReadPadToken(string? configPath, IReadOnlyDictionary<string, int> vocab)
    {
        if (configPath is null)
        {
            return 0;
        }

        RequireFile(configPath);
        return Wrap($"'{configPath}'", () =>
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(configPath));
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("pad_token", out JsonElement pad) || pad.ValueKind == JsonValueKind.Null)
            {
                return 0;
            }

            string? token = pad.ValueKind == JsonValueKind.Object ? pad.GetProperty("content").GetString() : pad.GetString();
            if (token is null || !vocab.TryGetValue(token, out int id))
            {
                throw new InvalidDataException($"{configPath}: pad_token {pad.GetRawText()} is not in the vocabulary.");
            }

            return id;
        });
    }

    // BpeOptions takes "a b" strings; byte-level symbols never contain a space, so pairs join safely.
    private static string ReadMerge(JsonElement merge, string path) => merge.ValueKind switch
    {
        JsonValueKind.String => merge.GetString()!,
        JsonValueKind.Array when merge.GetArrayLength() == 2 => $"{merge[0].GetString()} {merge[1].GetString()}",
        _ => throw new InvalidDataException($"{path}: unexpected merge entry {merge.GetRawText()}."),
    };
}
