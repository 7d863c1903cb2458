using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Inference.Preprocessing;

namespace Pipeline.Inference.Models;

/// <summary>
/// A folder's own model.json, for files that match no known layout. Example:
/// {"kind":"clip","dimensions":512,"image":{"model":"image.onnx","input":"image","size":224,"resizeMode":"shortest",
///  "interpolation":"bicubic","mean":[...],"std":[...]},"text":{"model":"text.onnx","input":"text","vocab":"vocab.json","merges":"merges.txt"}}
/// </summary>
internal static class ModelJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static ModelDescriptor Read(string folder, string name)
    {
        var path = System.IO.Path.Combine(folder, "model.json");
        Dto dto;
        try
        {
            dto = JsonSerializer.Deserialize<Dto>(File.ReadAllText(path), Options) ?? throw new InvalidDataException("empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid model descriptor: {e.Message}", e);
        }
        var image = dto.Image ?? throw new InvalidDataException($"{path}: \"image\" (model, input) is required");
        var defaults = dto.Kind == ModelKind.ResNet ? PreprocessSpec.ImageNet : PreprocessSpec.Clip;
        return new ModelDescriptor
        {
            Name = name, Kind = dto.Kind, Folder = folder,
            ImageModel = image.Model ?? throw new InvalidDataException($"{path}: image.model is required"),
            ImageInput = image.Input ?? throw new InvalidDataException($"{path}: image.input is required"),
            ImageOutput = image.Output,
            Dimensions = dto.Dimensions > 0 ? dto.Dimensions : throw new InvalidDataException($"{path}: dimensions is required"),
            Preprocess = defaults with
            {
                Size = image.Size ?? defaults.Size,
                ResizeTo = image.ResizeTo ?? image.Size ?? defaults.ResizeTo,
                Mode = image.ResizeMode ?? defaults.Mode,
                Interpolation = image.Interpolation ?? defaults.Interpolation,
                Mean = image.Mean ?? defaults.Mean,
                Std = image.Std ?? defaults.Std,
            },
            TextModel = dto.Text?.Model, TextInput = dto.Text?.Input, TextOutput = dto.Text?.Output,
            ContextLength = dto.Text?.ContextLength ?? 77,
            Vocab = dto.Text?.Vocab, Merges = dto.Text?.Merges, TokenizerJson = dto.Text?.Tokenizer, TokenizerConfig = dto.Text?.TokenizerConfig,
        };
    }

    private sealed record Dto(ModelKind Kind, int Dimensions, ImageDto? Image, TextDto? Text);

    private sealed record ImageDto(string? Model, string? Input, string? Output, int? Size, int? ResizeTo,
        ResizeMode? ResizeMode, Interpolation? Interpolation, float[]? Mean, float[]? Std);

    private sealed record TextDto(string? Model, string? Input, string? Output, int? ContextLength,
        string? Vocab, string? Merges, string? Tokenizer, string? TokenizerConfig);
}
