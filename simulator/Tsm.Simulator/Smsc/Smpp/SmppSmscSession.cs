using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Simulator.Smsc.Smpp;

/// <summary>
/// One ESME connection to the simulated SMSC (SMPP 3.4 §2.3 states: open, then bound as transmitter, receiver or
/// transceiver, then unbound). One read loop answers requests; one write loop sends every queued PDU with one flush.
/// </summary>
internal sealed class SmppSmscSession
{
    private readonly SmppSmsc _smsc;
    private readonly Socket _socket;
    private readonly string _remote;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<SmppPdu>> _pending = new();
    private readonly CancellationTokenSource _end;
    private int _sequence;
    private volatile bool _closed;

    public SmppSmscSession(SmppSmsc smsc, Socket socket)
    {
        _smsc = smsc;
        _socket = socket;
        _remote = socket.RemoteEndPoint?.ToString() ?? "?";
        _end = CancellationTokenSource.CreateLinkedTokenSource(smsc.Stopping);
    }

    public SmppBindMode? Mode { get; private set; }

    public string SystemId { get; private set; } = "";

    public bool IsBound => Mode is not null && !_closed;

    public bool CanReceive => IsBound && Mode is SmppBindMode.Receiver or SmppBindMode.Transceiver;

    public int Outstanding => _pending.Count;

    public async Task RunAsync()
    {
        var stream = new NetworkStream(_socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 1024, leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
        var reason = "closed by the ESME";
        _ = CloseUnlessBoundAsync(_end.Token);
        try
        {
            var write = WriteLoopAsync(writer, _end.Token);
            try
            {
                reason = await ReadLoopAsync(reader, _end.Token).ConfigureAwait(false);
            }
            finally
            {
                _outgoing.Writer.TryComplete();
                // Let the writer send what is queued (an unbind_resp, a generic_nack) unless the session was dropped.
                try
                {
                    await write.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or IOException or SocketException)
                {
                    // The peer is gone.
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            reason = ex.Message;
        }
        finally
        {
            _closed = true;
            _smsc.Remove(this);
            foreach (var pending in _pending.Values)
                pending.TrySetException(new IOException("The session ended before the ESME answered."));
            _pending.Clear();
            await _end.CancelAsync().ConfigureAwait(false);
            await reader.CompleteAsync().ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            _end.Dispose();
            SmscLog.SessionEnded(_smsc.Logger, _remote, reason);
        }
    }

    /// <summary>
    /// SMPP 3.4 §7.2, session_init_timer: a connection that has not bound within
    /// <see cref="SmppSmscOptions.SessionInitTimeout"/> is closed, so idle connections do not hold the SMSC's resources.
    /// </summary>
    private async Task CloseUnlessBoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_smsc.Options.SessionInitTimeout, _smsc.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (Mode is null)
        {
            SmscLog.SessionInitTimeout(_smsc.Logger, _remote, _smsc.Options.SessionInitTimeout);
            Abort();
        }
    }

    /// <summary>Closes the connection at once (a fault or the server stopping).</summary>
    public void Abort()
    {
        _closed = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
        _socket.Close();
    }

    /// <summary>Sends a request (deliver_sm) and waits for the ESME's response.</summary>
    /// <exception cref="IOException">The session ended first.</exception>
    /// <exception cref="TimeoutException">No response in time.</exception>
    public async Task<SmppPdu> SendRequestAsync(SmppPdu request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_closed)
            throw new IOException("The session is closed.");
        var sequence = (uint)Interlocked.Increment(ref _sequence) & 0x7FFFFFFF;
        var completion = new TaskCompletionSource<SmppPdu>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[sequence] = completion;
        try
        {
            if (!_outgoing.Writer.TryWrite(new Outgoing(request, sequence)))
                throw new IOException("The session is closed.");
            return await completion.Task.WaitAsync(timeout, _smsc.Time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(sequence, out _);
        }
    }

    private async Task<string> ReadLoopAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (true)
                {
                    SmppHeader header;
                    ReadOnlySequence<byte> body;
                    try
                    {
                        if (!SmppCodec.TryReadFrame(ref buffer, out header, out body, _smsc.Options.MaxPduLength))
                            break;
                    }
                    catch (SmppFormatException ex)
                    {
                        // A bad command_length: answer generic_nack ESME_RINVCMDLEN and close (the stream cannot be resynchronised).
                        SmscLog.Malformed(_smsc.Logger, _remote, ex.Message);
                        Reply(SmppCodec.ErrorResponse(ex), close: true);
                        return "malformed framing";
                    }
                    SmppPdu pdu;
                    try
                    {
                        pdu = SmppCodec.Decode(header, body);
                    }
                    catch (SmppFormatException ex)
                    {
                        SmscLog.Malformed(_smsc.Logger, _remote, ex.Message);
                        if (SmppCodec.ErrorResponse(ex) is { } answer)
                            Reply(answer);
                        continue;
                    }
                    if (IsBound && !pdu.IsResponse && _smsc.ShouldDrop())
                    {
                        SmscLog.Drop(_smsc.Logger, SystemId, _smsc.Options.DropEvery);
                        Abort();
                        return "dropped (fault)";
                    }
                    if (pdu is SmppShortMessagePdu or DataSm or SubmitMulti)
                        _smsc.RequestReceived();
                    if (Handle(pdu))
                        return "unbound";
                }
                if (result.IsCompleted)
                    return "closed by the ESME";
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <returns>True when the session ends (unbind answered).</returns>
    private bool Handle(SmppPdu pdu)
    {
        if (pdu.IsResponse)
        {
            if (_pending.TryRemove(pdu.Sequence, out var completion))
                completion.TrySetResult(pdu);
            return false;
        }
        switch (pdu)
        {
            case Bind bind:
                OnBind(bind);
                return false;
            case EnquireLink:
                Reply(new EnquireLinkResp { Sequence = pdu.Sequence });
                return false;
            case Unbind when IsBound:
                Reply(new UnbindResp { Sequence = pdu.Sequence }, close: true);
                return true;
            case Unbind:
                // §2.3, §4.2.2: unbind is an operation of a bound session; in the open state it is refused.
                Reply(new UnbindResp { Status = SmppStatus.RINVBNDSTS, Sequence = pdu.Sequence });
                return false;
            case Outbind or AlertNotification:
                // SMSC-to-ESME operations; an ESME must not send them. They have no response, so a generic_nack it is.
                Reply(new GenericNack { Status = SmppStatus.RINVCMDID, Sequence = pdu.Sequence });
                return false;
        }
        if (!IsBound)
        {
            Reply(SmppCodec.EmptyResponse(pdu.CommandId, SmppStatus.RINVBNDSTS, pdu.Sequence) ?? new GenericNack { Status = SmppStatus.RINVBNDSTS, Sequence = pdu.Sequence });
            return false;
        }
        switch (pdu)
        {
            case SubmitSm submit:
                Reply(OnSubmit(submit, submit.Source, submit.Destination, submit.RegisteredDelivery, static (id, seq, status) => new SubmitSmResp { MessageId = id, Sequence = seq, Status = status }));
                break;
            case DataSm data:
                Reply(OnSubmit(data, data.Source, data.Destination, data.RegisteredDelivery, static (id, seq, status) => new DataSmResp { MessageId = id, Sequence = seq, Status = status }));
                break;
            case SubmitMulti multi:
                var first = multi.Destinations[0].Address ?? SmppAddress.Unknown(multi.Destinations[0].DistributionList ?? "");
                Reply(OnSubmit(multi, multi.Source, first, multi.RegisteredDelivery, static (id, seq, status) => new SubmitMultiResp { MessageId = id, Sequence = seq, Status = status }));
                break;
            case QuerySm query:
                Reply(_smsc.StateOf(query.MessageId) is { } state
                    ? new QuerySmResp { MessageId = query.MessageId, MessageState = (byte)state, Sequence = pdu.Sequence }
                    : new QuerySmResp { Status = SmppStatus.RQUERYFAIL, Sequence = pdu.Sequence });
                break;
            case CancelSm cancel:
                Reply(new CancelSmResp { Status = _smsc.Cancel(cancel.MessageId) ? SmppStatus.ROK : SmppStatus.RCANCELFAIL, Sequence = pdu.Sequence });
                break;
            case ReplaceSm replace:
                Reply(new ReplaceSmResp { Status = _smsc.StateOf(replace.MessageId) == SmppMessageState.Enroute ? SmppStatus.ROK : SmppStatus.RREPLACEFAIL, Sequence = pdu.Sequence });
                break;
            default:
                Reply(new GenericNack { Status = SmppStatus.RINVCMDID, Sequence = pdu.Sequence });
                break;
        }
        return false;
    }

    private void OnBind(Bind bind)
    {
        var status = IsBound ? SmppStatus.RALYBND : _smsc.CheckBind(bind);
        _smsc.Record(new BindAttempt(bind.SystemId, bind.Mode, status));
        SmscLog.Bind(_smsc.Logger, bind.Mode.ToString(), bind.SystemId, SmppStatus.Name(status));
        if (status == SmppStatus.ROK)
        {
            SystemId = bind.SystemId;
            Mode = bind.Mode;
            Reply(new BindResp
            {
                Mode = bind.Mode,
                SystemId = _smsc.Options.SystemId,
                Sequence = bind.Sequence,
                Tlvs = [SmppTlv.FromByte(SmppTlvTag.ScInterfaceVersion, Bind.Version34)],
            });
        }
        else
        {
            Reply(new BindResp { Mode = bind.Mode, Status = status, Sequence = bind.Sequence });
        }
    }

    private SmppPdu OnSubmit(SmppPdu submit, SmppAddress source, SmppAddress destination, byte registeredDelivery, Func<string, uint, uint, SmppPdu> response)
    {
        if (Mode == SmppBindMode.Receiver)
            return response("", submit.Sequence, SmppStatus.RINVBNDSTS);
        if (string.IsNullOrEmpty(destination.Address))
        {
            _smsc.RecordRefused(SystemId, SmppStatus.RINVDSTADR, submit);
            return response("", submit.Sequence, SmppStatus.RINVDSTADR);
        }
        if (_smsc.IsThrottled())
        {
            _smsc.RecordRefused(SystemId, SmppStatus.RTHROTTLED, submit);
            return response("", submit.Sequence, SmppStatus.RTHROTTLED);
        }
        var messageId = _smsc.Accept(SystemId, submit, source, destination, registeredDelivery);
        return response(messageId, submit.Sequence, SmppStatus.ROK);
    }

    private void Reply(SmppPdu? pdu, bool close = false)
    {
        // Binds are answered at once so that the delay fault hits a bound session (submits, enquire_link).
        var delay = pdu is BindResp ? TimeSpan.Zero : _smsc.Options.ResponseDelay;
        if (delay <= TimeSpan.Zero || pdu is null)
        {
            _outgoing.Writer.TryWrite(new Outgoing(pdu, pdu?.Sequence ?? 0, close));
            return;
        }
        _ = DelayedReplyAsync(pdu, close, delay);
    }

    private async Task DelayedReplyAsync(SmppPdu pdu, bool close, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _smsc.Time, _end.Token).ConfigureAwait(false);
            _outgoing.Writer.TryWrite(new Outgoing(pdu, pdu.Sequence, close));
        }
        catch (OperationCanceledException)
        {
            // The session ended first.
        }
        catch (ObjectDisposedException)
        {
            // The session ended first.
        }
    }

    private async Task WriteLoopAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        var reader = _outgoing.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var close = false;
            var written = 0;
            while (reader.TryRead(out var item))
            {
                if (item.Pdu is not null)
                {
                    if (item.Pdu is SmppMessageIdResp or SubmitMultiResp)
                        _smsc.RequestAnswered();
                    SmppCodec.Write(item.Pdu, item.Sequence, writer);
                    written++;
                }
                if (item.Close)
                {
                    close = true;
                    break;
                }
            }
            if (written > 0)
            {
                var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                    return;
            }
            if (close)
            {
                _closed = true;
                _socket.Shutdown(SocketShutdown.Both);
                return;
            }
        }
    }

    private readonly record struct Outgoing(SmppPdu? Pdu, uint Sequence, bool Close = false);
}
