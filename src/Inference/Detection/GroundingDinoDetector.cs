using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Inference.Preprocessing;
using Pipeline.Vision;

namespace Pipeline.Inference.Detection;

/// <summary>
/// Grounding DINO (Hugging Face ONNX export, e.g. onnx-community/grounding-dino-tiny-ONNX) over batches of images:
/// each image resized as the HF processor does and padded to a fixed canvas per orientation with pixel_mask 0 on
/// the padding; the prompt's text tensors are built once and reused while the prompt stays the same.
/// </summary>
public sealed class GroundingDinoDetector : IDisposable
{
    // Bounds the float and mask buffers (about 21 MB per 1333x800 image).
    private const int MaxBatch = 8;

    private readonly LoadedSession _session;
    private readonly DinoTokenizer _tokenizer;
    private readonly DinoImageSpec _spec;
    private readonly ImageProbe _probe = new();
    private TextInputs? _text;

    /// <param name="modelFolder">Holds onnx/model.onnx (or model.onnx), vocab.txt and optionally preprocessor_config.json.</param>
    /// <exception cref="FileNotFoundException">the model or vocab.txt is missing.</exception>
    /// <exception cref="InvalidDataException">the model's tensors are not the HF export's, or preprocessor_config.json is unusable.</exception>
    public GroundingDinoDetector(string modelFolder, InferenceOptions options, ILogger logger)
    {
        var file = DinoModelFiles.FindModel(modelFolder);
        var vocab = Path.Combine(modelFolder, "vocab.txt");
        if (!File.Exists(vocab)) throw new FileNotFoundException($"Grounding DINO's tokenizer file '{vocab}' is missing", vocab);
        _spec = DinoImageSpec.Read(Path.Combine(modelFolder, "preprocessor_config.json"));
        _tokenizer = new DinoTokenizer(vocab);
        _session = SessionFactory.Create(File.ReadAllBytes(file), file, options, logger);
        try
        {
            DinoModelFiles.Check(_session.Session, file);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        logger.LogInformation("Grounding DINO from {File} on {Provider}", file, _session.Provider);
    }

    public string Provider => _session.Provider;

    /// <summary>Regions per image, in the order of <paramref name="imagePaths"/>, in pixels of the original images.</summary>
    /// <exception cref="ImageRejectedException">an image cannot be decoded.</exception>
    public IReadOnlyList<IReadOnlyList<DetectedRegion>> Detect(IReadOnlyList<string> imagePaths, DetectionOptions options)
    {
        BoxPostprocessing.Validate(options);
        var text = Text(options.Prompt);
        var sizes = new (int Width, int Height)[imagePaths.Count];
        Parallel.For(0, sizes.Length, i => { var info = _probe.Identify(imagePaths[i]); sizes[i] = (info.Width, info.Height); });
        var results = new IReadOnlyList<DetectedRegion>[imagePaths.Count];
        // Images sharing a canvas run together; results go back to their own positions.
        foreach (var group in Enumerable.Range(0, sizes.Length).GroupBy(i => _spec.Canvas(sizes[i].Width, sizes[i].Height)))
            foreach (var chunk in group.Chunk(MaxBatch))
                Run(chunk, group.Key, imagePaths, sizes, text, options, results);
        return results;
    }

    private void Run(int[] indices, (int Width, int Height) canvas, IReadOnlyList<string> paths, (int Width, int Height)[] sizes,
        TextInputs text, DetectionOptions options, IReadOnlyList<DetectedRegion>[] results)
    {
        var (n, plane) = (indices.Length, canvas.Width * canvas.Height);
        var pixels = ArrayPool<float>.Shared.Rent(n * 3 * plane);
        var mask = ArrayPool<long>.Shared.Rent(n * plane);
        try
        {
            Parallel.For(0, n, j =>
            {
                var (width, height) = _spec.ResizedSize(sizes[indices[j]].Width, sizes[indices[j]].Height);
                using (var image = ImagePixels.Decode(paths[indices[j]], null, _spec.DecodeShortSide))
                    ImagePreprocessor.FillPadded(image, width, height, _spec.Interpolation, _spec.Mean, _spec.Std,
                        canvas.Width, canvas.Height, pixels.AsSpan(j * 3 * plane, 3 * plane));
                var rows = mask.AsSpan(j * plane, plane);
                rows.Clear();
                for (var y = 0; y < height; y++) rows.Slice(y * canvas.Width, width).Fill(1);
            });
            var length = text.Tokens.Count;
            var inputs = new List<NamedOnnxValue>
            {
                NamedOnnxValue.CreateFromTensor("pixel_values", new DenseTensor<float>(pixels.AsMemory(0, n * 3 * plane), [n, 3, canvas.Height, canvas.Width])),
                NamedOnnxValue.CreateFromTensor("pixel_mask", new DenseTensor<long>(mask.AsMemory(0, n * plane), [n, canvas.Height, canvas.Width])),
                // The MaxBatch cached rows are identical: their first n serve a batch of n.
                NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(text.Ids.AsMemory(0, n * length), [n, length])),
                NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(text.AttentionMask.AsMemory(0, n * length), [n, length])),
                NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(text.TokenTypes.AsMemory(0, n * length), [n, length])),
            };
            using var outputs = _session.Session.Run(inputs, [DinoModelFiles.Logits, DinoModelFiles.Boxes]);
            var logits = outputs[0].AsTensor<float>();
            var boxes = outputs[1].AsTensor<float>();
            var (queries, stride) = (logits.Dimensions[1], logits.Dimensions[2]);
            var logitSpan = logits is DenseTensor<float> l ? l.Buffer.Span : logits.ToArray();
            var boxSpan = boxes is DenseTensor<float> b ? b.Buffer.Span : boxes.ToArray();
            for (var j = 0; j < n; j++)
                results[indices[j]] = BoxPostprocessing.Regions(logitSpan.Slice(j * queries * stride, queries * stride), stride,
                    boxSpan.Slice(j * queries * 4, queries * 4), text.Tokens, sizes[indices[j]].Width, sizes[indices[j]].Height, options);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
            ArrayPool<long>.Shared.Return(mask);
        }
    }

    /// <summary>The prompt's tensors for a full batch, rebuilt only when the prompt changes.</summary>
    private TextInputs Text(string prompt)
    {
        var normalised = PromptTokens.Normalise(prompt);
        var cached = Volatile.Read(ref _text);
        if (cached?.Prompt == normalised) return cached;
        var tokens = _tokenizer.Encode(normalised);
        var ids = new long[MaxBatch * tokens.Count];
        for (var r = 0; r < MaxBatch; r++) for (var t = 0; t < tokens.Count; t++) ids[r * tokens.Count + t] = tokens.Ids[t];
        var text = new TextInputs(normalised, tokens, ids, Enumerable.Repeat(1L, ids.Length).ToArray(), new long[ids.Length]);
        // A racing call with another prompt may replace it: each call keeps the instance it got.
        Volatile.Write(ref _text, text);
        return text;
    }

    public void Dispose() => _session.Dispose();

    private sealed record TextInputs(string Prompt, PromptTokens Tokens, long[] Ids, long[] AttentionMask, long[] TokenTypes);
}
