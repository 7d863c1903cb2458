using Pipeline.Inference.Tests.Text;

namespace Pipeline.Inference.Tests.Models;

/// <summary>A models folder laid out as users download them, with tiny models of the real names and shapes.</summary>
public sealed class ModelFolders : IDisposable
{
    private readonly ClipTestFiles _tokenizer = new();

    public string Root { get; } = Directory.CreateTempSubdirectory("models-").FullName;

    public ModelFolders()
    {
        WriteImmichClip(Path.Combine(Root, "clip-immich"), _tokenizer);

        // Immich's newer exports fix the batch at 1.
        TinyModels.WriteTo(Path.Combine(Root, "clip-batch1"), "visual/model.onnx", TinyModels.ClipVisualImmich(fixedBatch1: true));

        // Hugging Face's Xenova/clip-vit-base-patch32.
        var hf = Path.Combine(Root, "clip-hf");
        TinyModels.WriteTo(hf, "onnx/vision_model.onnx", TinyModels.ClipVisualHuggingFace());
        TinyModels.WriteTo(hf, "onnx/text_model.onnx", TinyModels.ClipTextHuggingFace());
        File.Copy(_tokenizer.VocabJson, Path.Combine(hf, "vocab.json"));
        File.Copy(_tokenizer.MergesTxt, Path.Combine(hf, "merges.txt"));
        File.WriteAllText(Path.Combine(hf, "preprocessor_config.json"),
            """{"crop_size": {"height": 224, "width": 224}, "size": {"shortest_edge": 224}, "resample": 3, "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_std": [0.26862954, 0.26130258, 0.27577711]}""");

        // The ONNX model zoo's ResNet50.
        TinyModels.WriteTo(Path.Combine(Root, "resnet50"), "resnet50-v1-12.onnx", TinyModels.ResNet50Zoo());

        // Anything else describes itself with model.json.
        WriteCustom("custom", "image");
        Directory.CreateDirectory(Path.Combine(Root, "notes"));
        File.WriteAllText(Path.Combine(Root, "notes", "readme.txt"), "not a model");
    }

    /// <summary>Immich's ViT-B-32__openai export: both towers, their configs and the tokenizer files.</summary>
    public static void WriteImmichClip(string folder, ClipTestFiles tokenizer)
    {
        TinyModels.WriteTo(folder, "visual/model.onnx", TinyModels.ClipVisualImmich());
        TinyModels.WriteTo(folder, "textual/model.onnx", TinyModels.ClipTextImmich());
        File.WriteAllText(Path.Combine(folder, "config.json"), """{"embed_dim": 512, "vision_cfg": {"image_size": 224}, "text_cfg": {"context_length": 77}}""");
        File.WriteAllText(Path.Combine(folder, "visual", "preprocess_cfg.json"),
            """{"size": [224, 224], "mode": "RGB", "mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711], "interpolation": "bicubic", "resize_mode": "shortest"}""");
        File.Copy(tokenizer.TokenizerJsonStrings, Path.Combine(folder, "textual", "tokenizer.json"));
        File.Copy(tokenizer.TokenizerConfig, Path.Combine(folder, "textual", "tokenizer_config.json"));
    }

    public void WriteCustom(string name, string input, bool withFile = true)
    {
        var folder = Path.Combine(Root, name);
        if (withFile) TinyModels.WriteTo(folder, "image.onnx", TinyModels.ClipVisualImmich());
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "model.json"),
            $$$"""{"kind": "clip", "dimensions": 512, "image": {"model": "image.onnx", "input": "{{{input}}}", "size": 224}}""");
    }

    public void Dispose()
    {
        _tokenizer.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
