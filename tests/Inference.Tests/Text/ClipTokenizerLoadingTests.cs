using Pipeline.Inference.Text;

namespace Pipeline.Inference.Tests.Text;

public sealed class ClipTokenizerLoadingTests(ClipTestFiles files) : IClassFixture<ClipTestFiles>
{
    private static readonly string[] Texts =
        ["a photo of a fox", "HELLO, World!", "2024 é ph fox's ?!", "", string.Concat(Enumerable.Repeat("hello ", 100))];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tokenizer_json_matches_vocab_and_merges(bool pairMerges)
    {
        ClipTokenizer reference = ClipTokenizer.FromVocabAndMerges(files.VocabJson, files.MergesTxt);
        string json = pairMerges ? files.TokenizerJsonPairs : files.TokenizerJsonStrings;
        ClipTokenizer immich = ClipTokenizer.FromTokenizerJson(json, tokenizerConfigPath: null);

        Assert.Equal((reference.StartToken, reference.EndToken), (immich.StartToken, immich.EndToken));
        foreach (string text in Texts)
        {
            Assert.Equal(reference.Encode(text), immich.Encode(text));
        }
    }

    [Theory]
    [InlineData("""{ "pad_token": "<|endoftext|>" }""", ClipTestFiles.End)]
    [InlineData("""{ "pad_token": { "content": "<|endoftext|>", "special": true } }""", ClipTestFiles.End)]
    [InlineData("""{ "pad_token": "!" }""", 0)]
    [InlineData("""{ "pad_token": null }""", 0)]
    [InlineData("""{ "model_max_length": 77 }""", 0)]
    public void Pad_token_comes_from_the_config(string config, int expected)
    {
        string path = files.Write($"config-{Guid.NewGuid():N}.json", config);
        Assert.Equal(expected, ClipTokenizer.FromTokenizerJson(files.TokenizerJsonStrings, path).PadToken);
    }

    [Fact]
    public void Pad_token_defaults_to_zero_without_a_config()
    {
        Assert.Equal(0, ClipTokenizer.FromTokenizerJson(files.TokenizerJsonStrings, null).PadToken);
    }

    [Fact]
    public void Missing_files_are_named()
    {
        string missing = Path.Combine(files.Root, "nope.json");
        AssertMissing(missing, () => ClipTokenizer.FromVocabAndMerges(missing, files.MergesTxt));
        AssertMissing(missing, () => ClipTokenizer.FromVocabAndMerges(files.VocabJson, missing));
        AssertMissing(missing, () => ClipTokenizer.FromTokenizerJson(missing, files.TokenizerConfig));
        AssertMissing(missing, () => ClipTokenizer.FromTokenizerJson(files.TokenizerJsonStrings, missing));
    }

    [Theory]
    [InlineData("""{ "model": { "type": "BPE", "merges": [] } }""")]
    [InlineData("""{ "version": "1.0" }""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{ "model": { "type": "Unigram", "vocab": {} } }""")]
    [InlineData("""{ "model": { "vocab": { "a": 0 }, "merges": [["a"]] } }""")]
    [InlineData("""{ "model": { "vocab": { "a": "zero" } } }""")]
    [InlineData("""{ not json""")]
    public void Malformed_tokenizer_json_is_invalid_data_naming_the_file(string content)
    {
        string path = files.Write($"bad-{Guid.NewGuid():N}.json", content);
        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromTokenizerJson(path, null));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Vocabulary_without_clip_specials_is_rejected()
    {
        string path = files.Write("no-specials.json", """{ "model": { "type": "BPE", "vocab": { "a": 0, "a</w>": 1 }, "merges": [] } }""");
        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromTokenizerJson(path, null));
        Assert.Contains("<|startoftext|>", error.Message);
    }

    [Fact]
    public void Broken_merges_file_is_invalid_data()
    {
        string merges = files.Write("bad-merges.txt", "#version: 0.2\nq z\n");
        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromVocabAndMerges(files.VocabJson, merges));
        Assert.Contains(merges, error.Message);
    }

    [Fact]
    public void Pad_token_outside_the_vocabulary_is_rejected()
    {
        string config = files.Write("bad-pad.json", """{ "pad_token": "<pad>" }""");
        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromTokenizerJson(files.TokenizerJsonStrings, config));
        Assert.Contains("<pad>", error.Message);
    }

    [Fact]
    public void Context_length_needs_room_for_a_token()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClipTokenizer.FromVocabAndMerges(files.VocabJson, files.MergesTxt, contextLength: 2));
    }

    private static void AssertMissing(string path, Action load)
    {
        var error = Assert.Throws<FileNotFoundException>(load);
        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message);
    }
}
