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
