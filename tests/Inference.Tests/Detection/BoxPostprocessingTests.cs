using Pipeline.Inference.Detection;

namespace Pipeline.Inference.Tests.Detection;

public sealed class BoxPostprocessingTests
{
    private static readonly PromptTokens Object = Prompt("[CLS]", "object", ".", "[SEP]");
    private static readonly PromptTokens CatDog = Prompt("[CLS]", "cat", ".", "dog", ".", "[SEP]");
    private static readonly DetectionOptions Defaults = new() { MinRegionSize = 1 };

    private static PromptTokens Prompt(params string[] tokens) => new(tokens, [.. tokens.Select((_, i) => (long)i)]);

    /// <summary>The logit whose sigmoid is <paramref name="p"/>; 0 gives −∞.</summary>
    private static float Logit(float p) => p == 0 ? float.NegativeInfinity : MathF.Log(p / (1 - p));

    /// <summary>One query per row: token probabilities (padded with −∞ to <paramref name="stride"/>) and its cx, cy, w, h.</summary>
    private static IReadOnlyList<DetectedRegion> Run(PromptTokens prompt, (float[] Probabilities, float[] Box)[] queries, int width, int height,
        DetectionOptions options, int? stride = null)
    {
        var t = stride ?? prompt.Count;
        var logits = new float[queries.Length * t];
        Array.Fill(logits, float.NegativeInfinity);
        var boxes = new float[queries.Length * 4];
        for (var q = 0; q < queries.Length; q++)
        {
            for (var i = 0; i < queries[q].Probabilities.Length; i++) logits[q * t + i] = Logit(queries[q].Probabilities[i]);
            queries[q].Box.CopyTo(boxes, q * 4);
        }
        return BoxPostprocessing.Regions(logits, t, boxes, prompt, width, height, options);
    }

    [Fact]
    public void Normalised_centre_boxes_become_corners_in_original_pixels()
    {
        // Whatever the resize (1000x500 -> 1333x666) and the padding, boxes are fractions of the real image area.
        var regions = Run(Object, [([0, 0.9f, 0, 0], [0.5f, 0.5f, 0.2f, 0.4f])], 1000, 500, Defaults);
        var region = Assert.Single(regions);
        Assert.Equal((400, 150, 200, 200, "object"), (region.X, region.Y, region.Width, region.Height, region.Label));
        Assert.Equal(0.9f, region.Score, 5);
    }

    [Fact]
    public void Queries_at_or_below_the_box_threshold_are_dropped()
    {
        var regions = Run(Object, [([0, 0.3f, 0, 0], [0.5f, 0.5f, 0.2f, 0.2f]), ([0, 0.4f, 0, 0], [0.2f, 0.2f, 0.2f, 0.2f])], 100, 100, Defaults);
        Assert.Equal(0.4f, Assert.Single(regions).Score, 5);
        Assert.Empty(Run(Object, [([0, 0.35f, 0, 0], [0.5f, 0.5f, 0.2f, 0.2f])], 100, 100, Defaults with { BoxThreshold = 0.36f }));
    }

    [Fact]
    public void The_label_is_the_tokens_above_the_text_threshold()
    {
        (float[], float[])[] query = [([0, 0.6f, 0, 0.3f, 0, 0], [0.5f, 0.5f, 0.5f, 0.5f])];
        Assert.Equal("cat dog", Assert.Single(Run(CatDog, query, 100, 100, Defaults)).Label);
        Assert.Equal("cat", Assert.Single(Run(CatDog, query, 100, 100, Defaults with { TextThreshold = 0.35f })).Label);
    }

    [Fact]
    public void Specials_and_full_stops_count_for_the_score_but_never_enter_the_label()
    {
        // As in Hugging Face: the score is the max over every prompt position, the label leaves specials out.
        var region = Assert.Single(Run(CatDog, [([0.9f, 0.3f, 0.95f, 0, 0, 0.9f], [0.5f, 0.5f, 0.5f, 0.5f])], 100, 100, Defaults));
        Assert.Equal(0.95f, region.Score, 5);
        Assert.Equal("cat", region.Label);
        // No real token above the text threshold: the phrase of the likeliest one.
        var fallback = Assert.Single(Run(CatDog, [([0.9f, 0.1f, 0.9f, 0.2f, 0, 0], [0.5f, 0.5f, 0.5f, 0.5f])], 100, 100, Defaults));
        Assert.Equal("dog", fallback.Label);
    }

    [Fact]
    public void Word_pieces_are_joined_into_words()
    {
        var prompt = Prompt("[CLS]", "sea", "##gull", "on", "rock", "##s", ".", "[SEP]");
        var region = Assert.Single(Run(prompt, [([0, 0.9f, 0.8f, 0.1f, 0.7f, 0.6f, 0, 0], [0.5f, 0.5f, 0.5f, 0.5f])], 100, 100, Defaults));
        Assert.Equal("seagull rocks", region.Label);
    }

    [Fact]
    public void Negative_infinity_logits_are_probability_zero_and_padding_is_not_read()
    {
        // Stride 8 > 4 prompt tokens: positions 4..7 are −∞ padding, as HF pads to 256.
        var regions = Run(Object, [([0, 0, 0, 0], [0.5f, 0.5f, 0.5f, 0.5f]), ([0, 0.5f, 0, 0], [0.5f, 0.5f, 0.5f, 0.5f])], 100, 100, Defaults, stride: 8);
        var region = Assert.Single(regions);
        Assert.Equal(0.5f, region.Score, 5);
        Assert.False(float.IsNaN(region.Score));
    }

    [Fact]
    public void Nms_keeps_the_higher_score_per_label()
    {
        float[] cat = [0, 0.9f, 0, 0, 0, 0], weakCat = [0, 0.8f, 0, 0, 0, 0], dog = [0, 0, 0, 0.7f, 0, 0];
        var regions = Run(CatDog,
        [
            (weakCat, [0.5f, 0.5f, 0.4f, 0.4f]), // IoU with the next one 1520/1680 = 0.90: dropped
            (cat, [0.52f, 0.5f, 0.4f, 0.4f]),
            (dog, [0.5f, 0.5f, 0.4f, 0.4f]), // another label: kept
            (weakCat, [0.2f, 0.2f, 0.2f, 0.2f]), // IoU 0.005 with the first cat: kept
        ], 100, 100, Defaults);
        Assert.Equal([("cat", 0.9f), ("cat", 0.8f), ("dog", 0.7f)], regions.Select(r => (r.Label, MathF.Round(r.Score, 5))).OrderBy(r => r.Label).ThenByDescending(r => r.Item2));
        Assert.Equal(52 - 20, regions.Single(r => r.Score > 0.85f).X);
        // With a threshold above their IoU both cats stay.
        Assert.Equal(4, Run(CatDog, [(weakCat, [0.5f, 0.5f, 0.4f, 0.4f]), (cat, [0.52f, 0.5f, 0.4f, 0.4f]), (dog, [0.5f, 0.5f, 0.4f, 0.4f]),
            (weakCat, [0.2f, 0.2f, 0.2f, 0.2f])], 100, 100, Defaults with { NmsIouThreshold = 0.95f }).Count);
    }

    [Fact]
    public void Enlarging_doubles_around_the_centre_then_clips_at_the_page_edge()
    {
        // 200x100 page, box x 160..200, y 30..70; doubled around (180, 50): x 140..220 -> 140..200, y 10..90.
        var region = Assert.Single(Run(Object, [([0, 0.9f, 0, 0], [0.9f, 0.5f, 0.2f, 0.4f])], 200, 100, Defaults with { Enlarge = 2f }));
        Assert.Equal((140, 10, 60, 80), (region.X, region.Y, region.Width, region.Height));
    }

    [Fact]
    public void Regions_smaller_than_the_minimum_after_enlargement_are_dropped()
    {
        (float[], float[])[] small = [([0, 0.9f, 0, 0], [0.5f, 0.5f, 0.2f, 0.2f])]; // 20x20 on a 100x100 page
        Assert.Empty(Run(Object, small, 100, 100, new DetectionOptions { MinRegionSize = 32 }));
        var enlarged = Assert.Single(Run(Object, small, 100, 100, new DetectionOptions { MinRegionSize = 32, Enlarge = 2f }));
        Assert.Equal((30, 30, 40, 40), (enlarged.X, enlarged.Y, enlarged.Width, enlarged.Height));
    }

    [Fact]
    public void Regions_come_by_score_and_are_capped()
    {
        var queries = new[] { 0.5f, 0.9f, 0.7f, 0.6f }
            .Select((p, i) => (new[] { 0, p, 0, 0 }, new[] { 0.125f + 0.25f * i, 0.5f, 0.2f, 0.2f })).ToArray();
        var regions = Run(Object, queries, 100, 100, Defaults with { MaxRegions = 3 });
        Assert.Equal([0.9f, 0.7f, 0.6f], regions.Select(r => MathF.Round(r.Score, 5)));
    }

    [Theory]
    [InlineData("object", "object.")]
    [InlineData("  Cat .DOG  ", "cat. dog.")]
    [InlineData("the  running dog.", "the running dog.")]
    public void Prompts_are_lower_case_phrases_each_ending_with_a_full_stop(string prompt, string expected) =>
        Assert.Equal(expected, PromptTokens.Normalise(prompt));

    [Fact]
    public void An_empty_prompt_or_bad_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PromptTokens.Normalise(" . "));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoxPostprocessing.Validate(new DetectionOptions { Enlarge = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoxPostprocessing.Validate(new DetectionOptions { BoxThreshold = 1.5f }));
    }
}
