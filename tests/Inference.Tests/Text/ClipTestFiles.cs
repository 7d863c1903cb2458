using System.Text.Json;

namespace Pipeline.Inference.Tests.Text;

/// <summary>
/// A small CLIP-style byte-level vocabulary written in both layouts (vocab.json + merges.txt, tokenizer.json).
///
/// Ids follow CLIP's layout, so they can be derived by hand:
///  * 0–255: the 256 byte symbols in GPT-2's bytes_to_unicode order. The printable bytes '!'..'~' come first,
///    so an ASCII character c has id c − 33 ('a' = 97 → 64, 'p' → 79), and c + "&lt;/w&gt;" has 256 + c − 33
///    ('a&lt;/w&gt;' = 320, '!&lt;/w&gt;' = 256, ',&lt;/w&gt;' = 267, '2&lt;/w&gt;' = 273). Then 0xA1..0xAC (ids 94..105)
///    and 0xAE..0xFF (ids 106..187) map to themselves; the rest follow.
///  * merged tokens: 512 + merge rank, as in CLIP — except "photo&lt;/w&gt;", "of&lt;/w&gt;" and "fox&lt;/w&gt;", which get
///    their ids in the real vocabulary (1125, 539, 3240) so MODELS.md's "a photo of a fox" example comes out verbatim.
///  * specials at their real ids: &lt;|startoftext|&gt; 49406, &lt;|endoftext|&gt; 49407.
/// </summary>
public sealed class ClipTestFiles : IDisposable
{
    public const int Start = 49406;
    public const int End = 49407;

    // Rank order matters: "hello" merges h e → he, l l → ll, he ll → hell, hell o</w> → hello</w>.
    internal static readonly (string Left, string Right, int? RealId)[] Merges =
    [
        ("h", "e", null), ("l", "l", null), ("he", "ll", null), ("hell", "o</w>", null),     // hello</w> = 515
        ("w", "o", null), ("r", "l", null), ("wo", "rl", null), ("worl", "d</w>", null),     // world</w> = 519
        ("p", "h", null), ("ph", "o", null), ("t", "o</w>", null), ("pho", "to</w>", 1125),  // photo</w>
        ("o", "f</w>", 539),
        ("o", "x</w>", null), ("f", "ox</w>", 3240),
    ];

    public ClipTestFiles()
    {
        Directory.CreateDirectory(Root);
        Dictionary<string, int> vocab = Vocabulary();
        File.WriteAllText(VocabJson, JsonSerializer.Serialize(vocab));
        File.WriteAllLines(MergesTxt, ["#version: 0.2", .. Merges.Select(m => $"{m.Left} {m.Right}")]);

        File.WriteAllText(TokenizerJsonStrings, JsonSerializer.Serialize(new
        {
            model = new { type = "BPE", vocab, merges = Merges.Select(m => $"{m.Left} {m.Right}") },
        }));

        // The pair form (tokenizers >= 0.20) with the specials only among added_tokens, as some exports have them.
        Dictionary<string, int> withoutSpecials = vocab.Where(kv => kv.Value < Start).ToDictionary();
        File.WriteAllText(TokenizerJsonPairs, JsonSerializer.Serialize(new
        {
            added_tokens = new[] { new { id = Start, content = "<|startoftext|>" }, new { id = End, content = "<|endoftext|>" } },
            model = new { type = "BPE", vocab = withoutSpecials, merges = Merges.Select(m => new[] { m.Left, m.Right }) },
        }));

        File.WriteAllText(TokenizerConfig, """{ "pad_token": "<|endoftext|>" }""");
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "clip-tokenizer-tests-" + Guid.NewGuid().ToString("N"));
    public string VocabJson => Path.Combine(Root, "vocab.json");
    public string MergesTxt => Path.Combine(Root, "merges.txt");
    public string TokenizerJsonStrings => Path.Combine(Root, "tokenizer.json");
    public string TokenizerJsonPairs => Path.Combine(Root, "tokenizer-pairs.json");
    public string TokenizerConfig => Path.Combine(Root, "tokenizer_config.json");

    public string Write(string name, string content)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static Dictionary<string, int> Vocabulary()
    {
        char[] symbols = ByteSymbols();
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < 256; i++)
        {
            vocab[symbols[i].ToString()] = i;
            vocab[symbols[i] + "</w>"] = 256 + i;
        }

        for (int rank = 0; rank < Merges.Length; rank++)
        {
            (string left, string right, int? realId) = Merges[rank];
            vocab[left + right] = realId ?? 512 + rank;
        }

        vocab["<|startoftext|>"] = Start;
        vocab["<|endoftext|>"] = End;
        return vocab;
    }

    // GPT-2/CLIP bytes_to_unicode, in vocabulary order: printable bytes keep their character, the others map to 256 + n.
    private static char[] ByteSymbols()
    {
        List<int> bytes = [.. Enumerable.Range('!', '~' - '!' + 1), .. Enumerable.Range(0xA1, 12), .. Enumerable.Range(0xAE, 82)];
        List<char> symbols = [.. bytes.Select(b => (char)b)];
        int extra = 0;
        for (int b = 0; b < 256; b++)
        {
            if (!bytes.Contains(b))
            {
                symbols.Add((char)(256 + extra++));
            }
        }

        return [.. symbols];
    }
}
