namespace Pipeline.Inference.Tests.Detection;

/// <summary>A Grounding DINO model folder in the onnx-community layout with the tiny model and a small vocab.txt.</summary>
internal static class DinoFolder
{
    public static readonly string[] Vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "object", ".", "cat", "dog", "sea", "##gull", "face"];

    /// <param name="preprocessorConfig">preprocessor_config.json's text; none when null.</param>
    public static string Create(string? preprocessorConfig = null, byte[]? model = null, string modelPath = "onnx/model.onnx", bool vocab = true)
    {
        var folder = Directory.CreateTempSubdirectory("dino-").FullName;
        TinyModels.WriteTo(folder, modelPath, model ?? TinyModels.GroundingDinoHuggingFace());
        if (vocab) File.WriteAllLines(Path.Combine(folder, "vocab.txt"), Vocabulary);
        if (preprocessorConfig is not null) File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), preprocessorConfig);
        return folder;
    }
}
