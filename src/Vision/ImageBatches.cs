namespace Pipeline.Vision;

/// <summary>An item set aside because its image is at fault, and why.</summary>
public sealed record RejectedItem<T>(T Item, string Reason);

/// <summary>What a batch produced: each kept item with its result, and the items whose image was at fault.</summary>
public sealed record BatchOutcome<T, TResult>(IReadOnlyList<(T Item, TResult Result)> Done, IReadOnlyList<RejectedItem<T>> Rejected);

/// <summary>
/// Runs batched image work so that one unreadable image costs only itself: when the batch fails because of an image,
/// the items run one by one and only those that fail on their own are set aside. Any other failure (the model, the
/// machine, a bug) propagates, so the message is retried or parked in the error queue instead of being called bad input.
/// </summary>
public static class ImageBatches
{
    public static BatchOutcome<T, TResult> Run<T, TResult>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, IReadOnlyList<TResult>> run)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            return new BatchOutcome<T, TResult>(Pair(items, run(items)), []);
        }
        catch (Exception e) when (IsBadImage(e))
        {
            var done = new List<(T, TResult)>();
            var rejected = new List<RejectedItem<T>>();
            foreach (var item in items)
            {
                try
                {
                    done.AddRange(Pair([item], run([item])));
                }
                catch (Exception alone) when (IsBadImage(alone))
                {
                    rejected.Add(new RejectedItem<T>(item, Reason(alone)));
                }
            }
            return new BatchOutcome<T, TResult>(done, rejected);
        }
    }

    /// <summary>True when the exception says the image itself is unusable: rejected, missing, unreadable.</summary>
    public static bool IsBadImage(Exception e) => e switch
    {
        AggregateException a => a.Flatten().InnerExceptions.All(IsBadImage),
        _ => e is ImageRejectedException or IOException or UnauthorizedAccessException,
    };

    private static string Reason(Exception e) =>
        e is AggregateException a ? a.Flatten().InnerExceptions[0].Message : e.Message;

    private static List<(T, TResult)> Pair<T, TResult>(IReadOnlyList<T> items, IReadOnlyList<TResult> results) =>
        results.Count == items.Count
            ? items.Zip(results).ToList()
            : throw new InvalidOperationException($"a batch of {items.Count} gave {results.Count} results");
}
