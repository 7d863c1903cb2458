namespace Pipeline.Search;

/// <summary>
/// The k best of a stream of scored ids: a min-heap of size k, so scanning n rows costs O(n log k) and O(k) memory.
/// Ties go to the smaller id, so results never depend on the order rows were seen (or on threads).
/// </summary>
internal sealed class TopK(int k)
{
    private readonly PriorityQueue<long, (float Score, long NegId)> _heap = new(k + 1);

    public void Offer(long id, float score)
    {
        var key = (score, -id);
        if (_heap.Count < k) _heap.Enqueue(id, key);
        else if (_heap.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0) _heap.EnqueueDequeue(id, key);
    }

    public void AddTo(TopK other)
    {
        foreach (var (id, key) in _heap.UnorderedItems) other.Offer(id, key.Score);
    }

    public List<Hit> Best() =>
        _heap.UnorderedItems.Select(e => new Hit(e.Element, e.Priority.Score)).OrderByDescending(h => h.Score).ThenBy(h => h.Id).ToList();
}
