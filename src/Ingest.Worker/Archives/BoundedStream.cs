namespace Pipeline.Ingest.Worker.Archives;

/// <summary>A limit an archive broke: too many bytes, entries or too high a compression ratio.</summary>
public sealed class ArchiveLimitException(string reason) : Exception(reason);

/// <summary>
/// Counts what is read through it and throws <see cref="ArchiveLimitException"/> as soon as more than the limit arrives:
/// headers lie, so sizes are enforced on the bytes themselves, not on what an archive declares.
/// </summary>
public sealed class BoundedStream(Stream inner, long limit, Func<long, string> reason) : Stream
{
    public long Count { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Count += read;
        if (Count > limit) throw new ArchiveLimitException(reason(limit));
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
