using Pipeline.Inference.Text;

namespace Pipeline.Inference.Tests.Text;

/// <summary>Encoding with the hand-built vocabulary of <see cref="ClipTestFiles"/>; its summary derives the ids.</summary>
public sealed class ClipTokenizerEncodeTests(ClipTestFiles files) : IClassFixture<ClipTestFiles>
{
    private const int S = ClipTestFiles.Start, E = ClipTestFiles.End;
    private const int Hello = 512 + 3, World = 512 + 7, Photo = 1125, Of = 539, Fox = 3240, A = 320;

    private readonly ClipTokenizer _tokenizer = ClipTokenizer.FromVocabAndMerges(files.VocabJson, files.MergesTxt);

    [Fact]
    public void Reproduces_the_documented_example()
    {
        // MODELS.md, real vocabulary: 49406 320 1125 539 320 3240 49407.
        Assert.Equal([S, A, Photo, Of, A, Fox, E], _tokenizer.Encode("a photo of a fox"));
    }

    [Fact]
    public void Exposes_the_special_ids_and_default_context()
    {
        Assert.Equal((77, S, E, 0), (_tokenizer.ContextLength, _tokenizer.StartToken, _tokenizer.EndToken, _tokenizer.PadToken));
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("HELLO World")]
    [InlineData("  hello \t\n   world  ")]
    public void Lower_cases_and_ignores_extra_whitespace(string text)
    {
        Assert.Equal([S, Hello, World, E], _tokenizer.Encode(text));
    }

    [Fact]
    public void Cleans_like_clip()
    {
        Assert.Equal("a b c", ClipTokenizer.Clean("  a \t b\n\nc "));
        // html.unescape twice: "&amp;amp;" → "&amp;" → "&".
        Assert.Equal("fox & hello", ClipTokenizer.Clean("fox &amp;amp; hello"));
        // '&' = 38 → "&</w>" = 256 + 5 = 261.
        Assert.Equal([S, Fox, 261, Hello, E], _tokenizer.Encode("fox &amp; hello"));
    }

    [Fact]
    public void Splits_digits_one_by_one()
    {
        // '2' = 50 → 273, '0' = 48 → 271, '4' = 52 → 275 (each its own word, so each carries </w>).
        Assert.Equal([S, 273, 271, 273, 275, E], _tokenizer.Encode("2024"));
    }

    [Fact]
    public void Keeps_punctuation_as_separate_pieces()
    {
        // ',' → 267, '!' → 256.
        Assert.Equal([S, Hello, 267, World, 256, E], _tokenizer.Encode("Hello, world!"));
        // "?!" is one piece with no merge: '?' = 63 → 30, then "!</w>" = 256 (</w> only on the last symbol).
        Assert.Equal([S, 30, 256, E], _tokenizer.Encode("?!"));
        // "'s" is its own piece: '\'' = 39 → 6, "s</w>" = 256 + 82 = 338.
        Assert.Equal([S, Fox, 6, 338, E], _tokenizer.Encode("fox's"));
    }

    [Fact]
    public void Encodes_bytes_and_stops_at_missing_merges()
    {
        // "é" = UTF-8 C3 A9: 0xC3 → 106 + (0xC3 − 0xAE) = 127; 0xA9 → 94 + 8 = 102, with </w> 358. "É" lower-cases to it.
        Assert.Equal([S, 127, 358, E], _tokenizer.Encode("É"));
        // "ph" alone: the only merge is "p h", but the word's last symbol is "h</w>": 'p' → 79, "h</w>" → 327.
        Assert.Equal([S, 79, 327, E], _tokenizer.Encode("ph"));
    }

    [Fact]
    public void Maps_literal_special_tokens_like_clip()
    {
        Assert.Equal([S, Hello, E, E], _tokenizer.Encode("hello <|endoftext|>"));
    }

    [Fact]
    public void Empty_text_is_start_and_end()
    {
        Assert.Equal([S, E], _tokenizer.Encode("   "));
    }

    [Fact]
    public void Truncation_cuts_mid_word_and_keeps_the_end_token()
    {
        // 74 × "a" + "ph" + "fox" = 77 text tokens; 75 fit: the 74 a's and the "p" of "ph".
        string text = string.Join(' ', Enumerable.Repeat("a", 74)) + " ph fox";
        IReadOnlyList<int> ids = _tokenizer.Encode(text);
        Assert.Equal([S, .. Enumerable.Repeat(A, 74), 79, E], ids);

        Span<long> row = stackalloc long[77];
        Span<long> mask = stackalloc long[77];
        _tokenizer.EncodeInto(string.Concat(Enumerable.Repeat("hello ", 1000)), row, mask);
        Assert.Equal(E, row[76]);
        Assert.Equal(Hello, row[75]);
        Assert.DoesNotContain(0L, mask.ToArray());
    }

    [Fact]
    public void Int64_row_is_padded_with_a_mask()
    {
        long[] ids = new long[77], mask = new long[77];
        Array.Fill(ids, -1);
        Array.Fill(mask, -1);
        _tokenizer.EncodeInto("a photo of a fox", ids, mask);
        Assert.Equal([S, A, Photo, Of, A, Fox, E, .. Enumerable.Repeat(0L, 70)], ids);
        Assert.Equal([.. Enumerable.Repeat(1L, 7), .. Enumerable.Repeat(0L, 70)], mask);
    }

    [Fact]
    public void Int32_row_is_padded_with_the_pad_token()
    {
        ClipTokenizer immich = ClipTokenizer.FromTokenizerJson(files.TokenizerJsonStrings, files.TokenizerConfig, contextLength: 8);
        int[] row = new int[8];
        immich.EncodeInto("Hello world", row);
        Assert.Equal([S, Hello, World, E, E, E, E, E], row);
    }

    [Fact]
    public void Custom_context_length_truncates_to_it()
    {
        ClipTokenizer short5 = ClipTokenizer.FromVocabAndMerges(files.VocabJson, files.MergesTxt, contextLength: 5);
        Assert.Equal([S, A, Photo, Of, E], short5.Encode("a photo of a fox"));
    }

    [Fact]
    public void Rejects_rows_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => _tokenizer.EncodeInto("fox", new int[76]));
        Assert.Throws<ArgumentException>(() => _tokenizer.EncodeInto("fox", new long[77], new long[78]));
    }
}
