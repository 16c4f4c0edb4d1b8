using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Simulator.Smsc.Cmpp;

/// <summary>
/// One SP link of the simulated ISMG: a read loop that answers each PDU, and one writer task that drains the outgoing
/// queue and flushes once for every batch that is ready (docs/sms.md "The link layer").
/// </summary>
internal sealed class CmppIsmgSession
{
    private readonly CmppIsmgSimulator _ismg;
    private readonly Socket _socket;
    private readonly Channel<CmppPdu> _out = Channel.CreateUnbounded<CmppPdu>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();

    /// <summary>A TERMINATE asked for while the link was connecting; sent right after its CONNECT_RESP.</summary>
    private bool _terminatePending;
    private readonly Dictionary<uint, PendingDeliver> _unacknowledged = [];
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _connectDeadline;
    private CmppIsmgSimulator.AccountState? _account;
    private CmppVersion _version = CmppVersion.V30;
    private bool _closed;
    private long _received;
    private long _lastReceived;
    private int _sequence;

    public CmppIsmgSession(CmppIsmgSimulator ismg, Socket socket)
    {
        _ismg = ismg;
        _socket = socket;
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
        // Set as the link is accepted, so links are timed in the order they came.
        _connectDeadline = ismg.Time.CreateTimer(static state => ((CmppIsmgSession)state!).CloseUnlessConnected(), this, ismg.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    public string Remote { get; }

    private string SpId => _account?.Account.SpId ?? "?";

    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _abort.Token);
        var token = linked.Token;
        var stream = new NetworkStream(_socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        var writing = WriteLoopAsync(writer, token);
        var keepAlive = _ismg.Options.ActiveTestInterval is { } interval ? ActiveTestLoopAsync(interval, token) : Task.CompletedTask;
        try
        {
            await ReadLoopAsync(reader, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (CmppFormatException ex)
        {
            CmppIsmgLog.Malformed(_ismg.Logger, Remote, ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            CmppIsmgLog.Failed(_ismg.Logger, Remote, ex);
        }
        finally
        {
            Close();
            // Let the writer send what is queued (a refusing CONNECT_RESP, a TERMINATE_RESP) unless the link is dropped.
            _out.Writer.TryComplete();
            try
            {
                await writing.WaitAsync(TimeSpan.FromSeconds(5), token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
            }
            await linked.CancelAsync();
            await _connectDeadline.DisposeAsync();
            await keepAlive;
            await writing;
            await reader.CompleteAsync();
            await writer.CompleteAsync();
            await stream.DisposeAsync();
            _abort.Dispose();
            if (_account is not null)
                CmppIsmgLog.Closed(_ismg.Logger, SpId, Remote);
        }
    }

    /// <summary>Closes the link at once, without TERMINATE (fault injection, ISMG crash).</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0); // reset, as a crash would
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Queues a DELIVER for a report or MO; false when the link is closed or not connected.</summary>
    public bool TrySend(PendingDeliver deliver)
    {
        CmppDeliver pdu;
        lock (_gate)
        {
            if (_closed || _account is null)
                return false;
            var sequence = NextSequence();
            pdu = deliver.Build(_version, _ismg.NextMsgId(), sequence);
            _unacknowledged[sequence] = deliver;
        }
        _ismg.Sent(deliver);
        return _out.Writer.TryWrite(pdu);
    }

    /// <summary>Sends what the account kept while no link was open.</summary>
    public void DrainPending()
    {
        var account = _account;
        if (account is null)
            return;
        while (account.Pending.TryDequeue(out var deliver))
        {
            if (!TrySend(deliver))
            {
                account.Pending.Enqueue(deliver);
                return;
            }
        }
    }

    public bool SendActiveTest()
    {
        lock (_gate)
        {
            if (_closed || _account is null)
                return false;
            return _out.Writer.TryWrite(new CmppActiveTest { SequenceId = NextSequence() });
        }
    }

    public async Task TerminateAsync(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_closed)
                return;
            if (_account is null)
                _terminatePending = true; // connecting: Connect sends it after the CONNECT_RESP
            else
                _out.Writer.TryWrite(new CmppTerminate { SequenceId = NextSequence() });
        }
        try
        {
            await _terminated.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Abort();
        }
    }

    private uint NextSequence() => (uint)Interlocked.Increment(ref _sequence);

    private async Task ReadLoopAsync(PipeReader reader, CancellationToken token)
    {
        while (true)
        {
            var result = await reader.ReadAsync(token);
            var buffer = result.Buffer;
            try
            {
                while (CmppFraming.TryReadFrame(ref buffer, CmppHeader.MaxTotalLength(_version), out var frame))
                {
                    if (!Handle(frame))
                        return;
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                        throw new CmppFormatException($"the SP closed the link inside a PDU ({buffer.Length} bytes left)");
                    return;
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>Answers one PDU; false closes the link (after sending what is queued, unless dropped).</summary>
    private bool Handle(ReadOnlySequence<byte> frame)
    {
        Interlocked.Exchange(ref _lastReceived, _ismg.Time.GetTimestamp());
        var count = ++_received;
        var dropEvery = _ismg.Faults.DropEveryPdus;
        if (dropEvery > 0 && count >= dropEvery && _account is not null)
        {
            CmppIsmgLog.Dropped(_ismg.Logger, SpId, count);
            _ismg.Dropped();
            Abort();
            return false;
        }

        var header = Header(frame);
        if (!CmppCommands.IsDefined((uint)header.CommandId))
        {
            // CMPP has no generic error response (unlike SMPP's generic_nack): the frame is skipped whole, so the
            // stream stays in step, and the link goes on (docs/sms.md "The ISMG simulator").
            _ismg.UnknownCommandReceived();
            CmppIsmgLog.UnknownCommand(_ismg.Logger, Remote, (uint)header.CommandId);
            return true;
        }

        CmppPdu pdu;
        try
        {
            pdu = CmppCodec.Decode(frame, _version);
        }
        catch (CmppFormatException) when (_account is not null && Header(frame).CommandId == CmppCommandId.Submit)
        {
            // A whole frame with a broken body: answer it (Result 1) rather than lose the link.
            Respond(new CmppSubmitResp { SequenceId = Header(frame).SequenceId, Result = CmppSubmitResult.InvalidStructure });
            return true;
        }

        if (_account is null)
        {
            if (pdu is CmppConnect connect)
                return Connect(connect);
            CmppIsmgLog.NotConnected(_ismg.Logger, Remote, pdu.CommandId.SpecName());
            return false;
        }

        switch (pdu)
        {
            case CmppSubmit submit:
                Respond(_ismg.Submit(_account, _version, submit));
                return true;
            case CmppDeliverResp resp:
                PendingDeliver? refused = null;
                lock (_gate)
                {
                    if (_unacknowledged.Remove(resp.SequenceId, out var deliver) && resp.Result != CmppSubmitResult.Ok)
                        refused = deliver;
                }
                _ismg.DeliverAcknowledged(resp);
                if (refused is not null)
                    _ = _ismg.RedeliverLaterAsync(_account, refused); // the SP could not take it now
                return true;
            case CmppActiveTest test:
                _ismg.ActiveTestReceived();
                Respond(new CmppActiveTestResp { SequenceId = test.SequenceId });
                return true;
            case CmppActiveTestResp:
                _ismg.ActiveTestRespReceived();
                return true;
            case CmppTerminate terminate:
                _ismg.TerminateReceived();
                Respond(new CmppTerminateResp { SequenceId = terminate.SequenceId }, immediately: true);
                return false;
            case CmppTerminateResp:
                _terminated.TrySetResult();
                return false;
            case CmppQuery query:
                // CMPP 2.0/3.0 §7.4.3.9: the account's counts; every accepted SUBMIT was forwarded at once.
                var accepted = (uint)Math.Min(_account.Accepted, uint.MaxValue);
                Respond(new CmppQueryResp
                {
                    SequenceId = query.SequenceId,
                    Time = query.Time,
                    QueryType = query.QueryType,
                    QueryCode = query.QueryCode,
                    MtTotalMessages = accepted,
                    MtSucceeded = accepted,
                });
                return true;
            case CmppCancel cancel:
                // §7.4.3.11: the simulator hands every accepted message on at once, so none is left to withdraw.
                Respond(new CmppCancelResp { SequenceId = cancel.SequenceId, SuccessId = CmppCancelResp.NotCancelled });
                return true;
            case CmppFwd fwd:
                // §7.4.5.4: CMPP_FWD goes between ISMGs; from an SP it is a wrong command (Result 2).
                Respond(new CmppFwdResp { SequenceId = fwd.SequenceId, MsgId = fwd.MsgId, PkTotal = fwd.PkTotal, PkNumber = fwd.PkNumber, Result = 2 });
                return true;
            default:
                CmppIsmgLog.Ignored(_ismg.Logger, SpId, pdu.CommandId.SpecName());
                return true;
        }
    }

    private bool Connect(CmppConnect connect)
    {
        var status = _ismg.Authenticate(connect, out var account, out var version);
        _version = version;
        CmppIsmgLog.Connect(_ismg.Logger, connect.SourceAddr, Remote, connect.Version, status, CmppConnectStatus.Name(status));
        var resp = CmppConnectResp.Create(connect, status, status == CmppConnectStatus.Ok ? account!.Account.SharedSecret : null, version);
        if (status != CmppConnectStatus.Ok)
        {
            Respond(resp, immediately: true);
            return false;
        }
        // Listed before the SP has its answer, so that a TERMINATE to every link reaches this one too; one asked for
        // while the answer was not yet queued follows it (TerminateAsync).
        account!.Add(this);
        lock (_gate)
        {
            Respond(resp);
            _account = account;
            if (_terminatePending)
                _out.Writer.TryWrite(new CmppTerminate { SequenceId = NextSequence() });
        }
        DrainPending();
        return true;
    }

    private static CmppHeader Header(ReadOnlySequence<byte> frame)
    {
        Span<byte> header = stackalloc byte[CmppHeader.Length];
        frame.Slice(0, CmppHeader.Length).CopyTo(header);
        return CmppHeader.Read(header);
    }

    private void Respond(CmppPdu response, bool immediately = false)
    {
        var delay = _ismg.Faults.ResponseDelay;
        if (delay <= TimeSpan.Zero || immediately)
            _out.Writer.TryWrite(response);
        else
            _ = RespondLaterAsync(response, delay);
    }

    private async Task RespondLaterAsync(CmppPdu response, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _ismg.Time, _abort.Token);
            _out.Writer.TryWrite(response);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Marks the link closed and hands unacknowledged reports and MO back to the account.</summary>
    private void Close()
    {
        List<PendingDeliver> back;
        lock (_gate)
        {
            if (_closed)
                return;
            _closed = true;
            back = [.. _unacknowledged.OrderBy(kv => kv.Key).Select(kv => kv.Value)];
            _unacknowledged.Clear();
        }
        if (_account is null)
            return;
        _account.Remove(this);
        foreach (var deliver in back)
            _ismg.Deliver(_account, deliver);
    }

    private async Task WriteLoopAsync(PipeWriter writer, CancellationToken token)
    {
        try
        {
            var queue = _out.Reader;
            while (await queue.WaitToReadAsync(token))
            {
                while (queue.TryRead(out var pdu))
                    CmppCodec.Write(writer, pdu, _version);
                var flush = await writer.FlushAsync(token);
                if (flush.IsCompleted || flush.IsCanceled)
                    return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>A link that has not connected within <see cref="CmppIsmgOptions.ConnectTimeout"/> is closed.</summary>
    private void CloseUnlessConnected()
    {
        bool connected;
        lock (_gate)
            connected = _account is not null || _closed;
        if (connected)
            return;
        CmppIsmgLog.ConnectTimeout(_ismg.Logger, Remote, _ismg.Options.ConnectTimeout);
        Abort();
    }

    private async Task ActiveTestLoopAsync(TimeSpan interval, CancellationToken token)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, _ismg.Time, token);
                if (_ismg.Time.GetElapsedTime(Interlocked.Read(ref _lastReceived)) >= interval)
                    SendActiveTest();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
