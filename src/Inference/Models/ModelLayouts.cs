using System.Text.Json;
using Pipeline.Inference.Preprocessing;

namespace Pipeline.Inference.Models;

/// <summary>Recognises the folder layouts users actually download (see ../shared/MODELS.md) and reads their configs.</summary>
internal static class ModelLayouts
{
    public static ModelDescriptor? Recognise(string folder)
    {
        var name = System.IO.Path.GetFileName(folder.TrimEnd('/'));
        if (File.Exists(System.IO.Path.Combine(folder, "model.json"))) return ModelJson.Read(folder, name);
        if (File.Exists(System.IO.Path.Combine(folder, "visual", "model.onnx"))) return Immich(folder, name);
        if (File.Exists(System.IO.Path.Combine(folder, "onnx", "vision_model.onnx"))) return HuggingFace(folder, name);
        var onnx = Directory.GetFiles(folder, "*.onnx");
        return onnx.Length == 1 && System.IO.Path.GetFileName(onnx[0]).StartsWith("resnet", StringComparison.OrdinalIgnoreCase)
            ? ResNetZoo(folder, name, onnx[0]) : null;
    }

    // Immich's ViT-B-32__openai: config.json, visual/{model.onnx,preprocess_cfg.json}, textual/{model.onnx,tokenizer.json,tokenizer_config.json}.
    private static ModelDescriptor Immich(string folder, string name)
    {
        using var config = ReadJson(folder, "config.json");
        using var pre = ReadJson(folder, "visual/preprocess_cfg.json");
        var p = pre?.RootElement;
        var size = p is { } e && e.TryGetProperty("size", out var s) ? (s.ValueKind == JsonValueKind.Array ? s[0].GetInt32() : s.GetInt32()) : 224;
        var spec = PreprocessSpec.Clip with
        {
            Size = size,
            ResizeTo = size,
            Mode = Text(p, "resize_mode") == "squash" ? ResizeMode.Squash : ResizeMode.Shortest,
            Interpolation = Text(p, "interpolation") == "bilinear" ? Interpolation.Bilinear : Interpolation.Bicubic,
            Mean = Floats(p, "mean") ?? PreprocessSpec.Clip.Mean,
            Std = Floats(p, "std") ?? PreprocessSpec.Clip.Std,
        };
        var c = config?.RootElement;
        var hasText = File.Exists(System.IO.Path.Combine(folder, "textual", "model.onnx"));
        return new ModelDescriptor
        {
            Name = name, Kind = ModelKind.Clip, Folder = folder,
            ImageModel = "visual/model.onnx", ImageInput = "image", Preprocess = spec,
            Dimensions = c is { } ce && ce.TryGetProperty("embed_dim", out var d) ? d.GetInt32() : 512,
            TextModel = hasText ? "textual/model.onnx" : null, TextInput = hasText ? "text" : null,
            ContextLength = c is { } cc && cc.TryGetProperty("text_cfg", out var t) && t.TryGetProperty("context_length", out var l) ? l.GetInt32() : 77,
            TokenizerJson = hasText ? "textual/tokenizer.json" : null,
            TokenizerConfig = hasText ? "textual/tokenizer_config.json" : null,
        };
    }

    // Hugging Face ONNX export (Xenova/clip-vit-base-patch32): onnx/{vision,text}_model.onnx, vocab.json, merges.txt, preprocessor_config.json.
    private static ModelDescriptor HuggingFace(string folder, string name)
    {
        using var pre = ReadJson(folder, "preprocessor_config.json");
        var p = pre?.RootElement;
        var crop = p is { } e && e.TryGetProperty("crop_size", out var cs)
            ? (cs.ValueKind == JsonValueKind.Object ? cs.GetProperty("height").GetInt32() : cs.GetInt32()) : 224;
        var shortest = p is { } f && f.TryGetProperty("size", out var sz)
            ? (sz.ValueKind == JsonValueKind.Object ? sz.GetProperty("shortest_edge").GetInt32() : sz.GetInt32()) : crop;
        var hasText = File.Exists(System.IO.Path.Combine(folder, "onnx", "text_model.onnx"));
        return new ModelDescriptor
        {
            Name = name, Kind = ModelKind.Clip, Folder = folder,
            ImageModel = "onnx/vision_model.onnx", ImageInput = "pixel_values", ImageOutput = "image_embeds", Dimensions = 512,
            // resample 2 is PIL's bilinear; CLIP's processor uses 3 (bicubic).
            Preprocess = PreprocessSpec.Clip with
            {
                Size = crop, ResizeTo = shortest,
                Interpolation = p is { } r && r.TryGetProperty("resample", out var rs) && rs.GetInt32() == 2 ? Interpolation.Bilinear : Interpolation.Bicubic,
                Mean = Floats(p, "image_mean") ?? PreprocessSpec.Clip.Mean,
                Std = Floats(p, "image_std") ?? PreprocessSpec.Clip.Std,
            },
            TextModel = hasText ? "onnx/text_model.onnx" : null, TextInput = hasText ? "input_ids" : null, TextOutput = hasText ? "text_embeds" : null,
            Vocab = "vocab.json", Merges = "merges.txt",
        };
    }

    // ONNX model zoo resnet50-v1-12 / -v2-7: input `data`; the pooled 2048-d features are the internal resnetv{17,24}_pool1_fwd.
    private static ModelDescriptor ResNetZoo(string folder, string name, string file) => new()
    {
        Name = name, Kind = ModelKind.ResNet, Folder = folder,
        ImageModel = System.IO.Path.GetFileName(file), ImageInput = "data",
        ImageOutput = System.IO.Path.GetFileName(file).Contains("v2", StringComparison.OrdinalIgnoreCase) ? "resnetv24_pool1_fwd" : "resnetv17_pool1_fwd",
        Dimensions = 2048, Preprocess = PreprocessSpec.ImageNet,
    };

    internal static JsonDocument? ReadJson(string folder, string relative)
    {
        var path = System.IO.Path.Combine(folder, relative);
        return File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)) : null;
    }

    internal static string? Text(JsonElement? e, string property) =>
        e is { } x && x.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static float[]? Floats(JsonElement? e, string property) =>
        e is { } x && x.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(f => f.GetSingle()).ToArray() : null;
}
