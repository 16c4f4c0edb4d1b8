using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Simulator.Tests.Smsc.Cmpp;

/// <summary>
/// A bare SP for testing the ISMG simulator: a socket, the codec and nothing else (no window, no keep-alive), so each
/// test says exactly what goes on the wire.
/// </summary>
internal sealed class RawSp : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private uint _sequence;

    private RawSp(Socket socket, CmppVersion version)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream);
        Version = version;
    }

    public CmppVersion Version { get; set; }

    public static async Task<RawSp> OpenAsync(IPEndPoint endpoint, CmppVersion version = CmppVersion.V30)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint);
        return new RawSp(socket, version);
    }

    /// <summary>Opens a link and completes CONNECT; asserts the ISMG accepted it and proved it knows the secret.</summary>
    public static async Task<RawSp> ConnectAsync(IPEndPoint endpoint, string spId, string secret, CmppVersion version)
    {
        var sp = await OpenAsync(endpoint, version);
        var connect = CmppConnect.Create(spId, secret, version, DateTime.Now, sp.NextSequence());
        await sp.SendAsync(connect);
        var resp = Assert.IsType<CmppConnectResp>(await sp.ReceiveAsync());
        Assert.Equal(CmppConnectStatus.Ok, resp.Status);
        Assert.Equal(CmppAuthenticator.ComputeIsmg(0, connect.AuthenticatorSource.Span, secret, version), resp.AuthenticatorIsmg.ToArray());
        return sp;
    }

    public uint NextSequence() => ++_sequence;

    public async Task SendAsync(CmppPdu pdu)
    {
        await _stream.WriteAsync(CmppCodec.ToArray(pdu, Version));
    }

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>The next PDU, or null when the ISMG closed the link.</summary>
    public async Task<CmppPdu?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cts.Token);
            }
            catch (IOException)
            {
                return null;
            }
            var buffer = result.Buffer;
            if (CmppCodec.TryRead(ref buffer, Version, out var pdu))
            {
                // Only what was read is examined: further PDUs already in the buffer are read without new bytes.
                _reader.AdvanceTo(buffer.Start);
                return pdu;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
                return null;
        }
    }

    /// <summary>The next PDU of type <typeparamref name="T"/>, answering the ISMG's ACTIVE_TESTs on the way.</summary>
    public async Task<T> ReceiveAsync<T>()
        where T : CmppPdu
    {
        while (true)
        {
            var pdu = await ReceiveAsync() ?? throw new InvalidOperationException($"the link closed while waiting for {typeof(T).Name}");
            if (pdu is T wanted)
                return wanted;
            if (pdu is CmppActiveTest test)
                await SendAsync(new CmppActiveTestResp { SequenceId = test.SequenceId });
            else
                throw new InvalidOperationException($"{pdu.CommandId.SpecName()} while waiting for {typeof(T).Name}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
