using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Pipeline.Inference;

/// <summary>An ONNX Runtime session and the execution provider that actually runs it.</summary>
public sealed record LoadedSession(InferenceSession Session, string Provider) : IDisposable
{
    public void Dispose() => Session.Dispose();
}

/// <summary>
/// Builds sessions on the configured provider. In .NET, AppendExecutionProvider_CUDA throws when the CUDA
/// libraries are missing and session creation throws when there is no GPU, so "auto" catches both and says so.
/// </summary>
public static class SessionFactory
{
    public static LoadedSession Create(byte[] model, string source, InferenceOptions options, ILogger logger)
    {
        if (options.Provider != ExecutionProvider.Cpu)
        {
            try
            {
                using var cuda = BaseOptions(options);
                cuda.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                var session = new InferenceSession(model, cuda);
                logger.LogInformation("{Model}: running on CUDA device {Device}", source, options.CudaDeviceId);
                return new LoadedSession(session, "CUDA");
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                if (options.Provider == ExecutionProvider.Cuda)
                    throw new InvalidOperationException($"{source}: Inference:Provider is cuda but CUDA cannot start: {FirstLine(e.Message)}", e);
                logger.LogInformation("{Model}: CUDA unavailable ({Reason}); running on CPU", source, FirstLine(e.Message));
            }
        }
        try
        {
            using var cpu = BaseOptions(options);
            return new LoadedSession(new InferenceSession(model, cpu), "CPU");
        }
        catch (OnnxRuntimeException e)
        {
            // Some published fp16 exports fail a fusion of the ALL level at load (MODELS.md); EXTENDED skips it.
            logger.LogWarning("{Model}: full graph optimisation failed ({Reason}); loading with the extended level", source, FirstLine(e.Message));
            using var extended = BaseOptions(options, GraphOptimizationLevel.ORT_ENABLE_EXTENDED);
            return new LoadedSession(new InferenceSession(model, extended), "CPU");
        }
    }

    // ALL adds the layout transformations (NCHWc) that convolutional models such as ResNet50 gain most from on CPU.
    private static SessionOptions BaseOptions(InferenceOptions options, GraphOptimizationLevel? level = null)
    {
        var o = new SessionOptions
        {
            GraphOptimizationLevel = level ?? (options.GraphOptimization == GraphOptimization.All
                ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_ENABLE_EXTENDED),
        };
        if (options.IntraOpThreads > 0) o.IntraOpNumThreads = options.IntraOpThreads;
        return o;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
