using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Pipeline.Clustering;
using Pipeline.Search;
using Pipeline.Storage;
using Pipeline.Storage.Entities;

namespace Pipeline.Dashboard.Search;

/// <summary>
/// A model's vectors in memory for exact scans (multi-image queries cannot use the HNSW index), read once with binary
/// COPY and read again only when its vectors changed (added, or excluded by a noise filter): 1M x 512 is 2 GB, so it is shared by every query.
/// Whether they changed is asked with two index lookups per query (<see cref="SnapshotStore.VersionAsync"/>), not a count.
/// </summary>
public sealed class VectorCache(SnapshotStore snapshots)
{
    private readonly ConcurrentDictionary<(int Model, SearchScope Scope), ((long, long) Version, VectorMatrix Matrix)> _cache = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConditionalWeakTable<VectorMatrix, ConcurrentDictionary<int, NeighbourTable>> _graphs = new();

    /// <summary>The matrix's approximate k-nearest-neighbour graph (NN-descent), built once per matrix and k.</summary>
    public Task<NeighbourTable> NeighboursAsync(VectorMatrix matrix, int k, CancellationToken ct)
    {
        var byK = _graphs.GetOrCreateValue(matrix);
        return byK.TryGetValue(k, out var table) ? Task.FromResult(table)
            : Task.Run(() => byK.GetOrAdd(k, _ => NeighbourTable.Approximate(matrix.Data, matrix.Count, matrix.Dimensions, k, ct: ct)), ct);
    }

    public async Task<VectorMatrix> GetAsync(SearchModel model, SearchScope scope, CancellationToken ct)
    {
        var version = await snapshots.VersionAsync(model.Id, ct);
        if (_cache.TryGetValue((model.Id, scope), out var held) && held.Version == version) return held.Matrix;
        await _loading.WaitAsync(ct);
        try
        {
            if (_cache.TryGetValue((model.Id, scope), out held) && held.Version == version) return held.Matrix;
            var vectors = await snapshots.ReadAsync(await snapshots.CurrentAsync(model.Id, scope.JobId, scope.KeptOnly, ct), ct);
            var matrix = new VectorMatrix(vectors.EmbeddingIds, vectors.Data, model.Dimensions);
            _cache[(model.Id, scope)] = (version, matrix);
            return matrix;
        }
        finally
        {
            _loading.Release();
        }
    }
}
