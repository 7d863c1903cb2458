using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Pipeline.Inference.Tests;

/// <summary>A model input: its name, flat data (float[], int[] or long[]) and shape.</summary>
internal sealed record Feed(string Name, Array Data, long[] Shape);

/// <summary>A float model output, flattened.</summary>
internal sealed record Result(long[] Shape, float[] Values);

/// <summary>Runs a session on plausible generated inputs, so tests need not spell out every feed.</summary>
internal static class TinyRun
{
    public const int SequenceLength = 8;
    public const int Height = 64;
    public const int Width = 48; // not square, so a swapped H/W shows
    public const long StartToken = 49406;
    public const long EndToken = 49407;

    public static Dictionary<string, Result> Run(InferenceSession session, IEnumerable<Feed> feeds)
    {
        var values = feeds.ToDictionary(f => f.Name, f => Create(f.Data, f.Shape));
        try
        {
            using var options = new RunOptions();
            using var outputs = session.Run(options, values, session.OutputNames);
            return session.OutputNames.Zip(outputs).ToDictionary(
                p => p.First,
                p => new Result(p.Second.GetTensorTypeAndShape().Shape, p.Second.GetTensorDataAsSpan<float>().ToArray()));
        }
        finally
        {
            foreach (var value in values.Values)
                value.Dispose();
        }
    }

    /// <summary>
    /// One feed per declared input. Dynamic dims take <paramref name="batch"/>, <see cref="SequenceLength"/>,
    /// <see cref="Height"/> or <see cref="Width"/> by name. Token rows are start, words, end, then
    /// padding (0, attention mask 0); images are seeded noise; pixel masks all ones.
    /// </summary>
    public static List<Feed> DefaultFeeds(InferenceSession session, int batch = 2, int seed = 7)
    {
        var random = new Random(seed);
        var feeds = new List<Feed>();
        foreach (var (name, meta) in session.InputMetadata)
        {
            var shape = meta.Dimensions.Select((d, i) => d >= 0 ? d : Dynamic(meta.SymbolicDimensions[i], batch)).ToArray();
            var count = (int)shape.Aggregate(1L, (a, b) => a * b);
            var columns = (int)shape[^1];
            var values = Enumerable.Range(0, count).Select(i => name switch
            {
                "attention_mask" => Token(i / columns, i % columns, columns) == 0 ? 0L : 1L,
                "token_type_ids" => 0L,
                "pixel_mask" => 1L,
                _ => Token(i / columns, i % columns, columns),
            });
            Array data = meta.ElementDataType switch
            {
                TensorElementType.Float => Enumerable.Range(0, count).Select(_ => random.NextSingle() * 2 - 1).ToArray(),
                TensorElementType.Int32 => values.Select(v => (int)v).ToArray(),
                TensorElementType.Int64 => values.ToArray(),
                var other => throw new NotSupportedException($"input {name} is {other}"),
            };
            feeds.Add(new Feed(name, data, shape));
        }
        return feeds;
    }

    /// <summary>The default token at (row, column): start, distinct words per row, end three before the last column, then 0.</summary>
    public static long Token(int row, int column, int columns) =>
        column == 0 ? StartToken
        : column < columns - 3 ? 320 + 37 * column + 101 * row
        : column == columns - 3 ? EndToken
        : 0;

    private static OrtValue Create(Array data, long[] shape) => data switch
    {
        float[] f => OrtValue.CreateTensorValueFromMemory(f, shape),
        int[] i => OrtValue.CreateTensorValueFromMemory(i, shape),
        long[] l => OrtValue.CreateTensorValueFromMemory(l, shape),
        _ => throw new NotSupportedException(data.GetType().Name),
    };

    private static long Dynamic(string name, int batch) => name switch
    {
        "sequence_length" => SequenceLength,
        "height" => Height,
        "width" => Width,
        _ => batch,
    };
}
