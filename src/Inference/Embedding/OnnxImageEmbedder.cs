using System.Buffers;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Inference.Models;
using Pipeline.Inference.Onnx;
using Pipeline.Inference.Preprocessing;
using Pipeline.Vision;

namespace Pipeline.Inference.Embedding;

/// <summary>
/// CLIP's image encoder or ResNet50's pooled features behind <see cref="IEmbedder"/>: one session per model,
/// images decoded at reduced size and preprocessed on every core into one pooled batch tensor, overlapping inference.
/// </summary>
public sealed class OnnxImageEmbedder : IEmbedder, IDisposable
{
    private readonly ModelDescriptor _model;
    private readonly LoadedSession _session;
    private readonly string _output;
    private readonly int _maxBatch;
    private readonly int _planeSize;

    public OnnxImageEmbedder(ModelDescriptor model, InferenceOptions options, ILogger logger)
    {
        _model = model;
        var file = model.Path(model.ImageModel);
        var bytes = ModelFiles.Read(file);
        // ONNX Runtime only returns graph outputs; ResNet's pooled features are an internal tensor.
        if (model.Kind == ModelKind.ResNet && model.ImageOutput is { } feature) bytes = OnnxGraph.ExposeOutput(bytes, feature);
        _session = SessionFactory.Create(bytes, file, options, logger);
        (_output, _maxBatch) = ModelFiles.CheckImageModel(_session.Session, model, file);
        _planeSize = 3 * model.Preprocess.Size * model.Preprocess.Size;
        logger.LogInformation("{Model}: {Kind} from {File}, {Dimensions}-d, batch {Batch}, on {Provider}",
            model.Name, model.Kind, file, model.Dimensions, _maxBatch == 0 ? "any" : _maxBatch, _session.Provider);
    }

    public string Model => _model.Name;
    public int Dimensions => _model.Dimensions;
    public string Provider => _session.Provider;

    public float[] Embed(string imagePath, PixelBox? region = null) => Embed([new ImageRegion(imagePath, region)])[0];

    /// <summary>
    /// Runs the batch in chunks (halves, or the model's fixed batch) and prepares the next chunk's pixels on the
    /// thread pool while the current one is in inference, so decoding overlaps the model.
    /// </summary>
    public float[][] Embed(IReadOnlyList<ImageRegion> batch)
    {
        var input = ArrayPool<float>.Shared.Rent(batch.Count * _planeSize);
        var prepared = Task.CompletedTask;
        try
        {
            var step = _maxBatch > 0 ? _maxBatch : Math.Max(1, (batch.Count + 1) / 2);
            var vectors = new float[batch.Count][];
            prepared = Prepare(batch, input, 0, Math.Min(step, batch.Count));
            for (var start = 0; start < batch.Count; start += step)
            {
                var n = Math.Min(step, batch.Count - start);
                prepared.GetAwaiter().GetResult();
                if (start + n < batch.Count) prepared = Prepare(batch, input, start + n, Math.Min(step, batch.Count - start - n));
                Infer(input, start, n, vectors);
            }
            return vectors;
        }
        finally
        {
            // A chunk still being prepared writes into the buffer: it must finish before the buffer goes back to the pool.
            Task.WaitAny(prepared); // waits without rethrowing: an exception is already on its way out
            ArrayPool<float>.Shared.Return(input);
        }
    }

    private Task Prepare(IReadOnlyList<ImageRegion> batch, float[] input, int start, int count) => Task.Run(() =>
    {
        try
        {
            Parallel.For(start, start + count, i =>
            {
                using var pixels = ImagePixels.Decode(batch[i].Path, batch[i].Box, _model.Preprocess.ResizeTo);
                ImagePreprocessor.Fill(pixels, _model.Preprocess, input.AsSpan(i * _planeSize, _planeSize));
            });
        }
        catch (AggregateException e)
        {
            // The caller gets the image's own reason (ImageRejectedException, IOException), not a wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    });

    private void Infer(float[] input, int start, int n, float[][] vectors)
    {
        var size = _model.Preprocess.Size;
        var tensor = new DenseTensor<float>(input.AsMemory(start * _planeSize, n * _planeSize), [n, 3, size, size]);
        using var results = _session.Session.Run([NamedOnnxValue.CreateFromTensor(_model.ImageInput, tensor)], [_output]);
        var output = results[0].AsTensor<float>();
        var flat = output is DenseTensor<float> dense ? dense.Buffer.Span : output.ToArray();
        for (var j = 0; j < n; j++) vectors[start + j] = Vectors.Normalised(flat.Slice(j * Dimensions, Dimensions));
    }

    public void Dispose() => _session.Dispose();
}
