using Pipeline.Inference.Models;
using Pipeline.Inference.Preprocessing;

namespace Pipeline.Inference.Tests.Models;

public sealed class ModelRegistryTests : IClassFixture<ModelFolders>
{
    private readonly ModelFolders _folders;
    private readonly ModelRegistry _registry;

    public ModelRegistryTests(ModelFolders folders)
    {
        _folders = folders;
        _registry = ModelRegistry.Scan(folders.Root);
    }

    [Fact]
    public void Published_layouts_are_recognised_with_their_tensor_names()
    {
        var immich = _registry.Get("clip-immich");
        Assert.Equal((ModelKind.Clip, "visual/model.onnx", "image", "textual/model.onnx", "text"),
            (immich.Kind, immich.ImageModel, immich.ImageInput, immich.TextModel, immich.TextInput));
        Assert.Equal("textual/tokenizer.json", immich.TokenizerJson);

        var hf = _registry.Get("clip-hf");
        Assert.Equal(("pixel_values", "image_embeds", "input_ids", "text_embeds"), (hf.ImageInput, hf.ImageOutput, hf.TextInput, hf.TextOutput));
        Assert.Equal(Interpolation.Bicubic, hf.Preprocess.Interpolation);

        var resnet = _registry.Get("resnet50");
        Assert.Equal((ModelKind.ResNet, "data", "resnetv17_pool1_fwd", 2048, 256), (resnet.Kind, resnet.ImageInput, resnet.ImageOutput, resnet.Dimensions, resnet.Preprocess.ResizeTo));

        Assert.Equal("image", _registry.Get("custom").ImageInput);
        Assert.DoesNotContain(_registry.Models, m => m.Name == "notes");
    }

    [Fact]
    public void An_unknown_model_name_lists_the_models_found()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => _registry.Get("clip-vit-h"));
        Assert.Contains("clip-immich", e.Message);
        Assert.Contains("resnet50", e.Message);
    }

    [Fact]
    public void A_missing_models_folder_is_named()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ModelRegistry.Scan(Path.Combine(_folders.Root, "nope")));
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public void A_broken_model_json_is_named()
    {
        var folder = Path.Combine(_folders.Root, "broken");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "model.json"), "{ kind: ");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ModelRegistry.Scan(_folders.Root));
            Assert.Contains(Path.Combine(folder, "model.json"), e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
