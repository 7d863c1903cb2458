using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Pipeline.Curation;

/// <summary>Random-forest settings (ML.NET FastForest). One training thread keeps a seed's forest the same on every machine.</summary>
public sealed record ForestOptions
{
    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 20;
    public int MinExamplesPerLeaf { get; init; } = 2;
    public int Seed { get; init; }
}

/// <summary>
/// A random forest that says yes or no to a vector: keep / exclude for the noise filter, relevant / not for relevance
/// feedback. ML.NET's FastForest on the raw embedding, as the classical-books work did with scikit-learn's.
/// </summary>
public sealed class ForestClassifier
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _input;

    public int Dimensions { get; }

    private ForestClassifier(MLContext ml, ITransformer model, DataViewSchema input, int dimensions)
    {
        (_ml, _model, _input, Dimensions) = (ml, model, input, dimensions);
    }

    public static ForestClassifier Train(IReadOnlyList<float[]> vectors, IReadOnlyList<bool> labels, ForestOptions options)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(labels);
        if (vectors.Count != labels.Count) throw new ArgumentException($"{vectors.Count} vectors but {labels.Count} labels");
        if (!labels.Contains(true) || !labels.Contains(false))
            throw new ArgumentException("training needs examples of both answers (keep and exclude, or relevant and not)");
        int dim = vectors[0].Length;
        if (vectors.Any(v => v.Length != dim)) throw new ArgumentException("the vectors differ in length");
        var ml = new MLContext(options.Seed);
        var data = Load(ml, vectors.Select((v, i) => new Row { Features = v, Label = labels[i] }), dim);
        var trainer = ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
        {
            NumberOfTrees = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            NumberOfThreads = 1, FeatureFraction = 0.7, Seed = options.Seed,
        });
        // FastForest scores are tree votes, not probabilities: Platt scaling makes 0.5 mean "as likely yes as no".
        var pipeline = trainer.Append(ml.BinaryClassification.Calibrators.Platt());
        return new ForestClassifier(ml, pipeline.Fit(data), data.Schema, dim);
    }

    /// <summary>The probability of "yes" for each row of a row-major block of vectors.</summary>
    public float[] Probabilities(float[] data, int rows)
    {
        if (data.Length != rows * Dimensions) throw new ArgumentException($"expected {rows} x {Dimensions} values, got {data.Length}");
        var input = Load(_ml, Enumerable.Range(0, rows).Select(i => new Row { Features = data.AsSpan(i * Dimensions, Dimensions).ToArray() }), Dimensions);
        return _model.Transform(input).GetColumn<float>("Probability").ToArray();
    }

    /// <summary>The forest's answer for each row: yes when "yes" is at least as likely as "no".</summary>
    public bool[] Decide(float[] data, int rows) => Probabilities(data, rows).Select(p => p >= 0.5f).ToArray();

    public byte[] Save()
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(_model, _input, stream);
        return stream.ToArray();
    }

    public static ForestClassifier Load(byte[] saved, int seed = 0)
    {
        var ml = new MLContext(seed);
        using var stream = new MemoryStream(saved);
        var model = ml.Model.Load(stream, out var schema);
        var dim = schema[nameof(Row.Features)].Type is VectorDataViewType v ? v.Size
            : throw new InvalidDataException("the saved forest has no fixed-size Features column");
        return new ForestClassifier(ml, model, schema, dim);
    }

    private static IDataView Load(MLContext ml, IEnumerable<Row> rows, int dim)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dim);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }
}
