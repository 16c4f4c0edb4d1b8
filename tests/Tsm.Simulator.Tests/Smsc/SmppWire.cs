using System.Buffers;
using System.Net.Sockets;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary>A bare SMPP peer for driving the SMSC simulator PDU by PDU (raw bytes allowed) over loopback TCP.</summary>
internal sealed class SmppWire : IDisposable
{
    private readonly TcpClient _client = new();
    private readonly byte[] _buffer = new byte[65536];
    private int _length;

    private SmppWire()
    {
    }

    public static async Task<SmppWire> ConnectAsync(int port)
    {
        var wire = new SmppWire();
        await wire._client.ConnectAsync("127.0.0.1", port);
        wire._client.NoDelay = true;
        return wire;
    }

    public Task SendAsync(SmppPdu pdu) => SendRawAsync(SmppCodec.ToArray(pdu));

    public async Task SendRawAsync(byte[] bytes) => await _client.GetStream().WriteAsync(bytes);

    /// <summary>The next PDU, or null when the SMSC closed the connection.</summary>
    public async Task<SmppPdu?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_buffer, 0, _length);
            if (SmppCodec.TryRead(ref sequence, out var pdu))
            {
                var consumed = _length - (int)sequence.Length;
                Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _length - consumed);
                _length -= consumed;
                return pdu;
            }
            var read = await _client.GetStream().ReadAsync(_buffer.AsMemory(_length), cts.Token);
            if (read == 0)
                return null;
            _length += read;
        }
    }

    /// <summary>The next PDU's bytes as they came (header and body), to check lengths the decoder would accept either way.</summary>
    public async Task<byte[]> ReceiveRawAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_length < 4 || _length < System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(_buffer))
        {
            var read = await _client.GetStream().ReadAsync(_buffer.AsMemory(_length), cts.Token);
            if (read == 0)
                throw new IOException("the SMSC closed the connection");
            _length += read;
        }
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(_buffer);
        var bytes = _buffer.AsSpan(0, length).ToArray();
        Buffer.BlockCopy(_buffer, length, _buffer, 0, _length - length);
        _length -= length;
        return bytes;
    }

    /// <summary>True when no byte arrives within <paramref name="wait"/> (a PDU that must not come yet).</summary>
    public async Task<bool> NothingWithinAsync(TimeSpan wait)
    {
        if (_length > 0)
            return false;
        using var cts = new CancellationTokenSource(wait);
        try
        {
            var read = await _client.GetStream().ReadAsync(_buffer.AsMemory(_length), cts.Token);
            _length += read;
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>Sends a request and returns the next PDU that is not a deliver_sm.</summary>
    public async Task<SmppPdu> CallAsync(SmppPdu request)
    {
        await SendAsync(request);
        while (true)
        {
            var pdu = await ReceiveAsync() ?? throw new IOException("the SMSC closed the connection");
            if (pdu is not DeliverSm)
                return pdu;
        }
    }

    public void Dispose() => _client.Dispose();
}
