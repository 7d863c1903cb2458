using Npgsql;
using Pgvector;

namespace Pipeline.Storage;

/// <summary>
/// Streams (id, vector) rows out of PostgreSQL with binary COPY into one preallocated row-major matrix: no per-row
/// EF materialisation and no growing lists (1M x 512 is 2 GB of floats, held once).
/// </summary>
internal static class VectorCopy
{
    /// <param name="select">A SELECT of id and vector, in the order wanted.</param>
    /// <param name="capacity">The most rows it can return (the snapshot's count, a batch's limit).</param>
    public static async Task<(long[] Ids, float[] Data, int Dimensions)> ReadAsync(NpgsqlDataSource db, string select, int capacity,
        IProgress<double>? progress, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var ids = new long[capacity];
        float[] data = [];
        int dims = 0, rows = 0;
        await using (var copy = await conn.BeginBinaryExportAsync($"COPY ({select}) TO STDOUT (FORMAT BINARY)", ct))
        {
            while (await copy.StartRowAsync(ct) != -1)
            {
                if (rows == capacity) throw new InvalidOperationException($"more than the {capacity} vectors expected came back");
                ids[rows] = await copy.ReadAsync<long>(ct);
                var v = (await copy.ReadAsync<Vector>(ct)).Memory.Span;
                if (rows == 0) data = new float[(long)capacity * (dims = v.Length)];
                v.CopyTo(data.AsSpan(rows * dims, dims));
                if (++rows % 16384 == 0) progress?.Report((double)rows / capacity);
            }
        }
        if (rows < capacity)
        {
            Array.Resize(ref ids, rows);
            Array.Resize(ref data, rows * dims);
        }
        return (ids, data, dims);
    }
}
