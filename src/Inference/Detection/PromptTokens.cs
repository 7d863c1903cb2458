using System.Text;
using Microsoft.ML.Tokenizers;

namespace Pipeline.Inference.Detection;

/// <summary>A tokenised prompt as the model sees it: [CLS] tokens [SEP], with each position's vocabulary entry for labels.</summary>
public sealed class PromptTokens
{
    /// <summary>Grounding DINO's text branch takes at most 256 tokens (its logits' last dimension).</summary>
    public const int MaxLength = 256;

    public PromptTokens(IReadOnlyList<string> tokens, IReadOnlyList<long> ids)
    {
        if (tokens.Count != ids.Count) throw new ArgumentException($"{tokens.Count} tokens but {ids.Count} ids");
        Tokens = tokens;
        Ids = ids;
    }

    public IReadOnlyList<string> Tokens { get; }
    public IReadOnlyList<long> Ids { get; }
    public int Count => Tokens.Count;

    /// <summary>Whether position <paramref name="i"/> can be part of a label: not a BERT special, not a phrase-ending ".".</summary>
    public bool IsLabelToken(int i) => Tokens[i] is not ("[CLS]" or "[SEP]" or "[PAD]" or ".");

    /// <summary>Positions joined into words: "##" word pieces are glued to the piece before them.</summary>
    public string Join(IEnumerable<int> positions)
    {
        var text = new StringBuilder();
        foreach (var i in positions)
        {
            var token = Tokens[i];
            if (token.StartsWith("##", StringComparison.Ordinal) && text.Length > 0) text.Append(token, 2, token.Length - 2);
            else (text.Length > 0 ? text.Append(' ') : text).Append(token.StartsWith("##", StringComparison.Ordinal) ? token[2..] : token);
        }
        return text.ToString();
    }

    /// <summary>Grounding DINO's caption form: lower case, trimmed, every phrase ending with "." ("Cat . dog" → "cat. dog.").</summary>
    /// <exception cref="ArgumentException">the prompt has no phrase.</exception>
    public static string Normalise(string prompt)
    {
        var phrases = (prompt ?? "").ToLowerInvariant().Split('.', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (phrases.Length == 0) throw new ArgumentException($"the detection prompt '{prompt}' has no phrase", nameof(prompt));
        return string.Join(' ', phrases.Select(p => string.Join(' ', p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + "."));
    }
}

/// <summary>bert-base-uncased WordPiece over the model's vocab.txt, as Grounding DINO's Hugging Face processor uses it.</summary>
internal sealed class DinoTokenizer
{
    private readonly BertTokenizer _bert;
    private readonly string[] _vocabulary;

    public DinoTokenizer(string vocabPath)
    {
        _bert = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = true });
        // vocab.txt holds one token per line, its id being the line number: the labels need the text of each id.
        _vocabulary = File.ReadAllLines(vocabPath);
    }

    /// <exception cref="ArgumentException">the prompt is empty or longer than <see cref="PromptTokens.MaxLength"/> tokens.</exception>
    public PromptTokens Encode(string prompt)
    {
        var text = PromptTokens.Normalise(prompt);
        var ids = _bert.EncodeToIds(text, addSpecialTokens: true, considerPreTokenization: true, considerNormalization: true);
        if (ids.Count > PromptTokens.MaxLength)
            throw new ArgumentException($"the detection prompt has {ids.Count} tokens; Grounding DINO takes at most {PromptTokens.MaxLength}", nameof(prompt));
        return new PromptTokens([.. ids.Select(id => id < _vocabulary.Length ? _vocabulary[id].Trim() : "[UNK]")], [.. ids.Select(id => (long)id)]);
    }
}
