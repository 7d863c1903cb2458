using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Inference.Models;
using Pipeline.Inference.Text;

namespace Pipeline.Inference.Embedding;

/// <summary>
/// CLIP's text encoder for text queries: CLIP BPE ids padded to the context length, int32 for Immich's export,
/// int64 (+ attention mask when the graph takes one) for Hugging Face's; the output L2-normalised into the image space.
/// </summary>
public sealed class ClipTextEncoder : IDisposable
{
    private readonly ModelDescriptor _model;
    private readonly LoadedSession _session;
    private readonly ClipTokenizer _tokenizer;
    private readonly string _input;
    private readonly string _output;
    private readonly bool _int32;
    private readonly bool _takesMask;

    public ClipTextEncoder(ModelDescriptor model, InferenceOptions options, ILogger logger)
    {
        _model = model;
        if (model.TextModel is null || model.TextInput is null)
            throw new InvalidDataException($"model '{model.Name}' in {model.Folder} has no text encoder");
        var file = model.Path(model.TextModel);
        _tokenizer = model.TokenizerJson is { } json
            ? ClipTokenizer.FromTokenizerJson(model.Path(json), model.TokenizerConfig is { } c ? model.Path(c) : null, model.ContextLength)
            : ClipTokenizer.FromVocabAndMerges(model.Path(model.Vocab ?? "vocab.json"), model.Path(model.Merges ?? "merges.txt"), model.ContextLength);
        _session = SessionFactory.Create(ModelFiles.Read(file), file, options, logger);
        var inputs = _session.Session.InputMetadata;
        if (!inputs.TryGetValue(model.TextInput, out var input) || input.Dimensions.Length != 2
            || input.ElementDataType is not (TensorElementType.Int32 or TensorElementType.Int64))
            throw new InvalidDataException($"{file}: expected input '{model.TextInput}' int32 or int64 [N,{model.ContextLength}]; " +
                $"it has inputs {string.Join(", ", inputs.Keys)}");
        (_input, _int32, _takesMask) = (model.TextInput, input.ElementDataType == TensorElementType.Int32, inputs.ContainsKey("attention_mask"));
        _output = model.TextOutput ?? _session.Session.OutputNames[0];
        if (!_session.Session.OutputMetadata.ContainsKey(_output))
            throw new InvalidDataException($"{file}: no output '{_output}'; it has {string.Join(", ", _session.Session.OutputNames)}");
    }

    public string Model => _model.Name;

    public float[] Encode(string text)
    {
        var length = _tokenizer.ContextLength;
        var inputs = new List<NamedOnnxValue>();
        if (_int32)
        {
            var ids = new DenseTensor<int>([1, length]);
            _tokenizer.EncodeInto(text, ids.Buffer.Span);
            inputs.Add(NamedOnnxValue.CreateFromTensor(_input, ids));
        }
        else
        {
            var ids = new DenseTensor<long>([1, length]);
            var mask = new DenseTensor<long>([1, length]);
            _tokenizer.EncodeInto(text, ids.Buffer.Span, mask.Buffer.Span);
            inputs.Add(NamedOnnxValue.CreateFromTensor(_input, ids));
            if (_takesMask) inputs.Add(NamedOnnxValue.CreateFromTensor("attention_mask", mask));
        }
        using var results = _session.Session.Run(inputs, [_output]);
        var output = results[0].AsTensor<float>().ToArray();
        if (output.Length != _model.Dimensions)
            throw new InvalidDataException($"text encoder of '{_model.Name}' gave {output.Length} floats, expected {_model.Dimensions}");
        return Vectors.Normalised(output);
    }

    public void Dispose() => _session.Dispose();
}
