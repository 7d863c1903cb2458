namespace Pipeline.Vision.Tests;

public class ImageBatchesTests
{
    private static IReadOnlyList<int> Square(IReadOnlyList<string> items) => items.Select(i =>
        i.StartsWith("bad", StringComparison.Ordinal) ? throw new ImageRejectedException($"{i} is not an image") : i.Length * i.Length).ToList();

    [Fact]
    public void A_clean_batch_runs_once_as_a_batch()
    {
        int calls = 0;
        var outcome = ImageBatches.Run(["a", "bb"], batch => { calls++; return Square(batch); });
        Assert.Equal(1, calls);
        Assert.Equal([("a", 1), ("bb", 4)], outcome.Done);
        Assert.Empty(outcome.Rejected);
    }

    [Fact]
    public void Only_the_bad_image_is_set_aside_with_its_reason()
    {
        var outcome = ImageBatches.Run(["a", "bad1", "ccc", "bad2"], Square);
        Assert.Equal([("a", 1), ("ccc", 9)], outcome.Done);
        Assert.Equal(["bad1", "bad2"], outcome.Rejected.Select(r => r.Item));
        Assert.Equal("bad1 is not an image", outcome.Rejected[0].Reason);
    }

    [Fact]
    public void Failures_from_parallel_work_are_unwrapped()
    {
        IReadOnlyList<int> Parallel(IReadOnlyList<string> batch)
        {
            var results = new int[batch.Count];
            System.Threading.Tasks.Parallel.For(0, batch.Count, i =>
                results[i] = batch[i] == "missing" ? throw new FileNotFoundException("missing.jpg was not found") : 1);
            return results;
        }

        var outcome = ImageBatches.Run(["x", "missing"], Parallel);
        Assert.Equal(["x"], outcome.Done.Select(d => d.Item));
        Assert.Equal("missing.jpg was not found", Assert.Single(outcome.Rejected).Reason);
    }

    [Fact]
    public void A_failure_that_is_not_the_image_propagates()
    {
        // A broken model or a bug must not turn every image into "bad input": the message is retried instead.
        Assert.Throws<InvalidOperationException>(() =>
            ImageBatches.Run<string, int>(["a", "b"], _ => throw new InvalidOperationException("session failed")));
        Assert.Throws<InvalidOperationException>(() =>
            ImageBatches.Run(["a", "bad"], batch => batch.Count > 1 ? Square(batch) : throw new InvalidOperationException("out of memory")));
    }

    [Fact]
    public void A_batch_that_loses_results_is_an_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ImageBatches.Run<string, int>(["a", "b"], _ => [1]));
        Assert.Contains("batch of 2 gave 1", e.Message);
    }
}
