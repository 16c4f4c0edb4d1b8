using System.Net.Sockets;

namespace Tsm.Perf.Ota;

/// <summary>
/// Counts what the phones put on the wire: TCP connections (opened and still open), bytes each way as the sockets
/// carry them (headers included), and HTTP requests. One meter is shared by every phone of a run; each phone's
/// <see cref="SocketsHttpHandler"/> connects through <see cref="ConnectAsync"/>.
/// </summary>
internal sealed class WireMeter
{
    private long _opened;
    private long _open;
    private long _bytesUp;
    private long _bytesDown;
    private long _requests;

    public long Opened => Interlocked.Read(ref _opened);

    public long Open => Interlocked.Read(ref _open);

    public long BytesUp => Interlocked.Read(ref _bytesUp);

    public long BytesDown => Interlocked.Read(ref _bytesDown);

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>A handler whose connections this meter counts (one connection per phone unless the server closes it).</summary>
    public SocketsHttpHandler Handler() => new() { ConnectCallback = ConnectAsync, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };

    public void Request() => Interlocked.Increment(ref _requests);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        Interlocked.Increment(ref _opened);
        Interlocked.Increment(ref _open);
        return new CountingStream(new NetworkStream(socket, ownsSocket: true), this);
    }

    private sealed class CountingStream(Stream inner, WireMeter meter) : Stream
    {
        private int _disposed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            Interlocked.Add(ref meter._bytesDown, n);
            return n;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref meter._bytesUp, buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            Interlocked.Add(ref meter._bytesDown, n);
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Add(ref meter._bytesUp, count);
            inner.Write(buffer, offset, count);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref meter._open);
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
