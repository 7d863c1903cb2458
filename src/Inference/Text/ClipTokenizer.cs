using System.Net;
using System.Numerics;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Pipeline.Inference.Text;

/// <summary>
/// OpenAI CLIP's text tokenizer (byte-level BPE with "&lt;/w&gt;" word ends), built on
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>, producing the fixed-length rows CLIP text towers take.
/// </summary>
public sealed partial class ClipTokenizer
{
    internal const string StartOfText = "<|startoftext|>";
    internal const string EndOfText = "<|endoftext|>";

    // CLIP's pre-tokenizer pattern (simple_tokenizer.py): contractions, letter runs, single digits, punctuation runs.
    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClipPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private readonly BpeTokenizer _bpe;

    private ClipTokenizer(BpeTokenizer bpe, int contextLength, int startToken, int endToken, int padToken)
    {
        _bpe = bpe;
        ContextLength = contextLength;
        StartToken = startToken;
        EndToken = endToken;
        PadToken = padToken;
    }

    public int ContextLength { get; }
    public int StartToken { get; }
    public int EndToken { get; }
    public int PadToken { get; }

    /// <summary>Loads the Hugging Face layout: vocab.json + merges.txt.</summary>
    public static ClipTokenizer FromVocabAndMerges(string vocabJsonPath, string mergesTxtPath, int contextLength = 77)
    {
        CheckContextLength(contextLength);
        ClipTokenizerFiles.RequireFile(vocabJsonPath);
        ClipTokenizerFiles.RequireFile(mergesTxtPath);
        string source = $"'{vocabJsonPath}' + '{mergesTxtPath}'";
        BpeOptions options = ClipTokenizerFiles.Wrap(source, () => new BpeOptions(vocabJsonPath, mergesTxtPath));
        // This layout names no pad token; OpenAI's and open_clip's tokenize() pad with 0.
        return Create(options, source, contextLength, padToken: 0);
    }

    /// <summary>
    /// Loads the Immich layout: a Hugging Face tokenizers tokenizer.json, plus tokenizer_config.json whose
    /// pad_token Immich pads with.
    /// </summary>
    public static ClipTokenizer FromTokenizerJson(string tokenizerJsonPath, string? tokenizerConfigPath, int contextLength = 77)
    {
        CheckContextLength(contextLength);
        (BpeOptions options, IReadOnlyDictionary<string, int> vocab) = ClipTokenizerFiles.ReadTokenizerJson(tokenizerJsonPath);
        int padToken = ClipTokenizerFiles.ReadPadToken(tokenizerConfigPath, vocab);
        return Create(options, $"'{tokenizerJsonPath}'", contextLength, padToken);
    }

    /// <summary>Start token, at most <see cref="ContextLength"/> - 2 text tokens, end token; no padding.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        int[] row = new int[ContextLength];
        int count = Fill(text, row.AsSpan());
        return row[..count];
    }

    /// <summary>One int64 row (Hugging Face / OpenAI exports): padded with <see cref="PadToken"/>, mask 1 on real tokens.</summary>
    public void EncodeInto(string text, Span<long> ids, Span<long> attentionMask)
    {
        CheckRow(attentionMask.Length, nameof(attentionMask));
        int count = Fill(text, ids);
        attentionMask[..count].Fill(1);
        attentionMask[count..].Clear();
    }

    /// <summary>One int32 row (Immich's textual input "text"), padded with <see cref="PadToken"/>.</summary>
    public void EncodeInto(string text, Span<int> ids) => Fill(text, ids);

    /// <summary>
    /// CLIP's basic_clean + whitespace_clean: html-unescape twice as CLIP does, collapse whitespace, trim.
    /// ftfy.fix_text and the NFC step are left out: the build uses InvariantGlobalization, where
    /// string.Normalize does not compose non-ASCII text, and typed queries are almost always precomposed.
    /// </summary>
    internal static string Clean(string text) =>
        Whitespace().Replace(WebUtility.HtmlDecode(WebUtility.HtmlDecode(text)), " ").Trim();

    // Writes start, text tokens, end, then pads; returns how many entries are real tokens.
    private int Fill<T>(string text, Span<T> row) where T : struct, IBinaryInteger<T>
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckRow(row.Length, "ids");
        // Encoded without specials: BpeTokenizer's own start/end handling neither pads nor keeps the end
        // token when it truncates, so the row is framed here and the cut leaves room for the end token.
        IReadOnlyList<int> tokens = _bpe.EncodeToIds(Clean(text), ContextLength - 2, out _, out _);
        row[0] = T.CreateTruncating(StartToken);
        for (int i = 0; i < tokens.Count; i++)
        {
            row[i + 1] = T.CreateTruncating(tokens[i]);
        }

        int count = tokens.Count + 2;
        row[count - 1] = T.CreateTruncating(EndToken);
        row[count..].Fill(T.CreateTruncating(PadToken));
        return count;
    }

    private void CheckRow(int length, string name)
    {
        if (length != ContextLength)
        {
            throw new ArgumentException($"Expected a row of {ContextLength} entries, got {length}.", name);
        }
    }

    // Room for the start token, the end token and at least one text token.
    private static void CheckContextLength(int contextLength) =>
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 3);

    private static ClipTokenizer Create(BpeOptions options, string source, int contextLength, int padToken)
    {
        int start = -1, end = -1;
        foreach ((string token, int id) in options.Vocabulary)
        {
            if (token == StartOfText) start = id;
            else if (token == EndOfText) end = id;
        }

        if (start < 0 || end < 0)
        {
            throw new InvalidDataException($"{source} lacks {StartOfText} or {EndOfText}: not a CLIP vocabulary.");
        }

        // Mapping the specials lets a literal "<|endoftext|>" in the text encode as the token, as in CLIP.
        var specials = new Dictionary<string, int> { [StartOfText] = start, [EndOfText] = end };
        options.SpecialTokens = specials;
        options.PreTokenizer = new RegexPreTokenizer(ClipPattern(), specials);
        options.Normalizer = LowerCaseNormalizer.Instance;
        options.ByteLevel = true;
        options.EndOfWordSuffix = "</w>";
        options.UnknownToken = EndOfText;
        BpeTokenizer bpe = ClipTokenizerFiles.Wrap(source, () => BpeTokenizer.Create(options));
        return new ClipTokenizer(bpe, contextLength, start, end, padToken);
    }
}
