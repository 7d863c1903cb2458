using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Inference.Embedding;
using Pipeline.Inference.Models;

namespace Pipeline.Inference.Tests.Models;

public sealed class ClipTextEncoderTests(ModelFolders folders) : IClassFixture<ModelFolders>
{
    private ClipTextEncoder Load(string name) => new(ModelRegistry.Scan(folders.Root).Get(name), new InferenceOptions(), NullLogger.Instance);

    [Fact]
    public void Text_vectors_are_unit_length_and_follow_the_words()
    {
        using var text = Load("clip-immich");
        var fox = text.Encode("a photo of a fox");
        Assert.Equal(512, fox.Length);
        Assert.Equal(1f, MathF.Sqrt(fox.Sum(x => x * x)), 4);
        Assert.Equal(fox, text.Encode("  A PHOTO of a   fox "));
        Assert.NotEqual(fox, text.Encode("a photo of a dog"));
    }

    [Fact]
    public void Immich_int32_and_hugging_face_int64_exports_agree()
    {
        using var immich = Load("clip-immich");
        using var hf = Load("clip-hf");
        var a = immich.Encode("hello world");
        var b = hf.Encode("hello world");
        Assert.All(a.Zip(b), p => Assert.Equal(p.First, p.Second, 4));
    }

    [Fact]
    public void An_image_only_model_has_no_text_encoder()
    {
        var e = Assert.Throws<InvalidDataException>(() => Load("clip-batch1"));
        Assert.Contains("no text encoder", e.Message);
    }
}
