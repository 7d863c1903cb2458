namespace Pipeline.Clustering.Tests;

/// <summary>Records reports as they are made (Progress&lt;T&gt; would post them later, out of order).</summary>
internal sealed class SynchronousProgress(List<double> reports) : IProgress<double>
{
    public void Report(double value)
    {
        lock (reports) reports.Add(value);
    }

    /// <summary>Reports came, in increasing order, and the last one is 1.</summary>
    public static void AssertRanToCompletion(List<double> reports)
    {
        Assert.NotEmpty(reports);
        Assert.Equal(reports.Order(), reports);
        Assert.InRange(reports[0], 0, 1);
        Assert.Equal(1.0, reports[^1]);
    }
}
