using Microsoft.ML.OnnxRuntime;

namespace Pipeline.Inference.Tests;

/// <summary>The tiny models react to their inputs the way the real ones do where tests rely on it.</summary>
public sealed class TinyOnnxModelBehaviourTests
{
    [Fact]
    public void Hugging_Face_and_Immich_CLIP_towers_agree_once_normalised()
    {
        using var hfVisual = new InferenceSession(TinyModels.ClipVisualHuggingFace());
        using var immichVisual = new InferenceSession(TinyModels.ClipVisualImmich());
        var pixels = TinyRun.DefaultFeeds(hfVisual).Single();
        AssertClose(
            Normalise(TinyRun.Run(hfVisual, [pixels])["image_embeds"].Values),
            TinyRun.Run(immichVisual, [pixels with { Name = "image" }])["embedding"].Values);

        using var hfText = new InferenceSession(TinyModels.ClipTextHuggingFace());
        using var immichText = new InferenceSession(TinyModels.ClipTextImmich());
        var ids = TinyRun.DefaultFeeds(immichText).Single();
        var ids64 = new Feed("input_ids", ((int[])ids.Data).Select(i => (long)i).ToArray(), ids.Shape);
        AssertClose(
            Normalise(TinyRun.Run(hfText, [ids64])["text_embeds"].Values),
            TinyRun.Run(immichText, [ids])["embedding"].Values);
    }

    [Fact]
    public void Visual_embedding_depends_on_pixel_layout()
    {
        using var session = new InferenceSession(TinyModels.ClipVisualImmich());
        var pixels = TinyRun.DefaultFeeds(session, batch: 1).Single();
        // The same pixels mirrored left to right: equal per-channel statistics, different layout.
        var mirrored = ((float[])pixels.Data).Chunk(224).SelectMany(row => row.Reverse()).ToArray();

        var original = TinyRun.Run(session, [pixels])["embedding"].Values;
        var flipped = TinyRun.Run(session, [pixels with { Data = mirrored }])["embedding"].Values;

        Assert.InRange(Dot(original, flipped), -1, 0.99);
    }

    [Fact]
    public void Text_embedding_ignores_padding_after_the_end_token_but_not_words_before_it()
    {
        using var session = new InferenceSession(TinyModels.ClipTextHuggingFace());
        long[] prompt = [TinyRun.StartToken, 320, 1125, 539, 320, 3240, TinyRun.EndToken];
        float[] Embed(long[] ids) => Normalise(TinyRun.Run(session, [new Feed("input_ids", ids, [1, ids.Length])])["text_embeds"].Values);

        var plain = Embed(prompt);

        AssertClose(plain, Embed([.. prompt, 0, 0, 0]));
        Assert.InRange(Dot(plain, Embed([.. prompt[..^2], 3241, TinyRun.EndToken])), -1, 0.999);
        Assert.InRange(Dot(plain, Embed([TinyRun.StartToken, 1125, 320, 539, 320, 3240, TinyRun.EndToken])), -1, 0.999);
    }

    [Fact]
    public void Grounding_DINO_masks_padding_tokens_and_boxes_lie_in_the_unit_square()
    {
        using var session = new InferenceSession(TinyModels.GroundingDinoHuggingFace());
        var feeds = TinyRun.DefaultFeeds(session, batch: 2);
        var attended = ((long[])feeds.Single(f => f.Name == "attention_mask").Data)[..TinyRun.SequenceLength];

        var results = TinyRun.Run(session, feeds);

        var logits = results["logits"].Values;
        for (var query = 0; query < 2 * TinyModels.DinoQueries; query++)
            for (var token = 0; token < TinyModels.DinoMaxTextLength; token++)
            {
                var logit = logits[query * TinyModels.DinoMaxTextLength + token];
                var valid = token < attended.Length && attended[token] == 1;
                Assert.True(valid ? float.IsFinite(logit) : float.IsNegativeInfinity(logit), $"query {query} token {token}: {logit}");
            }
        Assert.All(results["pred_boxes"].Values, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Grounding_DINO_outputs_depend_on_the_image_and_the_pixel_mask()
    {
        using var session = new InferenceSession(TinyModels.GroundingDinoHuggingFace());
        var feeds = TinyRun.DefaultFeeds(session, batch: 1);
        var pixels = feeds.Single(f => f.Name == "pixel_values");
        var mask = feeds.Single(f => f.Name == "pixel_mask");
        var halfMasked = ((long[])mask.Data).Select((_, i) => i < TinyRun.Height * TinyRun.Width / 2 ? 1L : 0L).ToArray();

        var boxes = TinyRun.Run(session, feeds)["pred_boxes"].Values;
        var otherImage = TinyRun.Run(session, feeds.Select(f => f == pixels ? f with { Data = ((float[])f.Data).Select(v => -v).ToArray() } : f))["pred_boxes"].Values;
        var otherMask = TinyRun.Run(session, feeds.Select(f => f == mask ? f with { Data = halfMasked } : f))["pred_boxes"].Values;

        Assert.NotEqual(boxes, otherImage);
        Assert.NotEqual(boxes, otherMask);
    }

    private static float[] Normalise(float[] values) =>
        values.Chunk(TinyModels.EmbeddingSize).SelectMany(row =>
        {
            var norm = MathF.Sqrt(row.Sum(v => v * v));
            return row.Select(v => v / norm);
        }).ToArray();

    private static double Dot(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second);

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5f));
    }
}
