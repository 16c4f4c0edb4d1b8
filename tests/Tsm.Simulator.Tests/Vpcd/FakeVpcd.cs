using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Tsm.Simulator.Tests.Vpcd;

/// <summary>The reader side of vpcd for tests: listens on a loopback port and speaks the length-prefixed framing.</summary>
internal sealed class FakeVpcd : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private Socket? _client;

    private FakeVpcd(TcpListener listener)
    {
        _listener = listener;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static FakeVpcd Start(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new FakeVpcd(listener);
    }

    /// <summary>Waits for the card to connect (again).</summary>
    public async Task AcceptAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        _client?.Dispose();
        _client = await _listener.AcceptSocketAsync(cts.Token);
        _client.NoDelay = true;
    }

    public Task SendFrameAsync(params byte[] payload)
    {
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        return SendRawAsync(frame);
    }

    public async Task SendRawAsync(params byte[] bytes)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await Client.SendAsync(bytes, SocketFlags.None, cts.Token);
    }

    public Task SendControlAsync(byte code) => SendFrameAsync(code);

    public async Task<byte[]> ReceiveFrameAsync()
    {
        var header = await ReceiveExactlyAsync(2);
        return await ReceiveExactlyAsync(BinaryPrimitives.ReadUInt16BigEndian(header));
    }

    /// <summary>True when the card closed the connection (end of stream or reset) before sending anything more.</summary>
    public async Task<bool> ClosedByPeerAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            return await Client.ReceiveAsync(new byte[1], SocketFlags.None, cts.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public void DropClient()
    {
        _client?.Dispose();
        _client = null;
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    private Socket Client => _client ?? throw new InvalidOperationException("no card connected");

    private async Task<byte[]> ReceiveExactlyAsync(int count)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await Client.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
            if (n == 0)
                throw new EndOfStreamException($"connection closed after {read} of {count} bytes");
            read += n;
        }
        return buffer;
    }
}
