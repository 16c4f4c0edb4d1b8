using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Tsm.Gateway.Sms.Links;

/// <summary>
/// One TCP connection of an SMS account to an SMSC or ISMG, kept up for as long as the link runs.
/// <para>
/// <b>How a protocol plugs in.</b> Implement <see cref="ISmsLinkProtocol{TPdu}"/> for the protocol's PDU type:
/// framing (<c>ReadFrame</c>, <c>Write</c>), <c>IsResponse</c> with the sequence number, the handshake
/// (<c>CreateHandshake</c>/<c>CheckHandshake</c>: bind or CONNECT), <c>CreateKeepAlive</c> (enquire_link,
/// ACTIVE_TEST), <c>CreateClose</c> (unbind, TERMINATE), <c>ClassifyResponse</c> (success, rejected, throttled)
/// and <c>HandlePeerRequestAsync</c> (deliver_sm or CMPP_DELIVER → hand receipts and MO to an
/// <see cref="ISmsInboundHandler"/>, then answer). Then create an <see cref="SmsAccount{TPdu}"/> with
/// <see cref="SmsLinkOptions"/> and the protocol, <c>Start</c> it and call <c>SendAsync</c>; see
/// <c>Sms/Smpp/SmppEsme.cs</c> for the SMPP client built this way.
/// </para>
/// <para>
/// <b>What the link does.</b> Connects with TCP no-delay; runs the handshake; then a read loop (responses are
/// matched to requests by sequence number, whatever their order), a write loop (every PDU that is ready —
/// replies, keep-alives and requests up to the window — is encoded into the pipe and sent with one flush) and a
/// timer (response time-outs, idle keep-alives). A throttling answer pauses this link for
/// <see cref="SmsLinkOptions.ThrottlePause"/> and puts the request back at the head of the account's queue. When
/// the connection drops, requests in flight are in doubt: re-sent (<see cref="SmsLinkOptions.ResendInDoubt"/>) or
/// failed; the link reconnects after an exponential back-off (reset by a successful handshake).
/// <see cref="StopAsync"/> stops taking requests, waits for outstanding responses, sends the close request and
/// waits for its answer.
/// </para>
/// </summary>
/// <typeparam name="TPdu">The protocol's PDU type.</typeparam>
public sealed class SmsLink<TPdu> : IAsyncDisposable
    where TPdu : class
{
    private readonly SmsLinkOptions _options;
    private readonly ISmsLinkProtocol<TPdu> _protocol;
    private readonly SmsRequestQueue<TPdu> _queue;
    private readonly TokenBucket _bucket;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AsyncSignal _signal = new();
    private readonly Dictionary<uint, SmsRequest<TPdu>> _pending = [];
    private readonly ConcurrentQueue<Outgoing> _control = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly ITimer _wake;
    private readonly long _responseTimeoutTicks;
    private readonly string _endpoint;
    private TaskCompletionSource _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _run;
    private uint _sequence;
    private int _inFlight;
    private long _pausedUntil;
    private long _lastReceived;
    private int _keepAliveMisses;
    private bool _keepAliveOutstanding;
    private volatile bool _closing;
    private volatile SmsLinkState _state = SmsLinkState.Stopped;
    private int _binds;

    internal SmsLink(SmsLinkInfo info, SmsLinkOptions options, ISmsLinkProtocol<TPdu> protocol, SmsRequestQueue<TPdu> queue, TokenBucket bucket, ILogger logger, TimeProvider time)
    {
        Info = info;
        _options = options;
        _protocol = protocol;
        _queue = queue;
        _bucket = bucket;
        _logger = logger;
        _time = time;
        _endpoint = $"{options.Host}:{options.Port}";
        _responseTimeoutTicks = (long)(options.ResponseTimeout.TotalSeconds * time.TimestampFrequency);
        _wake = time.CreateTimer(static s => ((AsyncSignal)s!).Set(), _signal, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        queue.Subscribe(_signal);
    }

    public SmsLinkInfo Info { get; }

    public SmsLinkState State => _state;

    /// <summary>Requests sent and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Successful handshakes so far (1 after the first bind; grows with each reconnect).</summary>
    public int Binds => Volatile.Read(ref _binds);

    /// <summary>Starts connecting; the link reconnects by itself until stopped.</summary>
    public void Start()
    {
        if (_run is not null)
            return;
        _state = SmsLinkState.Connecting;
        _run = Task.Run(SuperviseAsync);
    }

    /// <summary>Completes when the link is bound (at once if it is).</summary>
    public Task WaitUntilBoundAsync(CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _bound).Task.WaitAsync(cancellationToken);

    /// <summary>Graceful close: no new requests, outstanding responses awaited, close request sent and answered.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_run is null || _closing)
        {
            if (_run is not null)
                await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        _closing = true;
        _signal.Set();
        try
        {
            if (_state == SmsLinkState.Bound)
            {
                if (InFlight > 0)
                    await Volatile.Read(ref _drained).Task.WaitAsync(_options.CloseTimeout, _time, cancellationToken).ConfigureAwait(false);
                if (_state == SmsLinkState.Bound)
                {
                    var close = new SmsRequest<TPdu>(_protocol.CreateClose(), CancellationToken.None, SmsRequestKind.Close);
                    _control.Enqueue(new Outgoing(close.Pdu, 0, close));
                    _signal.Set();
                    await close.Task.WaitAsync(_options.CloseTimeout, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is TimeoutException or SmsLinkException or OperationCanceledException)
        {
            // The peer did not answer in time: close anyway.
        }
        finally
        {
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await _run.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _wake.DisposeAsync().ConfigureAwait(false);
        _hardStop.Dispose();
    }

    private async Task SuperviseAsync()
    {
        var delay = _options.ReconnectDelay;
        var stop = _hardStop.Token;
        while (!stop.IsCancellationRequested && !_closing)
        {
            var wasBound = false;
            try
            {
                wasBound = await RunConnectionAsync(stop).ConfigureAwait(false);
                if (_closing || stop.IsCancellationRequested)
                    break;
                if (wasBound)
                    delay = _options.ReconnectDelay;
                SmsLinkLog.ConnectionFailed(_logger, Info, _endpoint, "closed", delay);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (SmsHandshakeException ex)
            {
                if (ex.Permanent)
                    delay = _options.MaxReconnectDelay;
                SmsLinkLog.HandshakeRefused(_logger, Info, _endpoint, ex.Message, delay);
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or InvalidOperationException or TimeoutException)
            {
                if (wasBound)
                    delay = _options.ReconnectDelay;
                SmsLinkLog.ConnectionFailed(_logger, Info, _endpoint, ex.Message, delay);
            }
            _state = SmsLinkState.Connecting;
            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }
        _state = SmsLinkState.Stopped;
        _bound.TrySetCanceled();
        SmsLinkLog.Closed(_logger, Info);
    }

    /// <summary>One connection from connect to close; returns whether the handshake succeeded.</summary>
    private async Task<bool> RunConnectionAsync(CancellationToken stop)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            connect.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(_options.Host, _options.Port, connect.Token).ConfigureAwait(false);
        }
        var stream = new NetworkStream(socket, ownsSocket: false);
        await using (stream.ConfigureAwait(false))
        {
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: _options.BufferSize, minimumReadSize: 1024, leaveOpen: true));
            var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: _options.BufferSize, leaveOpen: true));
            var bound = false;
            try
            {
                await HandshakeAsync(reader, writer, stop).ConfigureAwait(false);
                bound = true;
                SmsTelemetry.Bound(Info, Interlocked.Increment(ref _binds));
                _lastReceived = _time.GetTimestamp();
                _keepAliveMisses = 0;
                _keepAliveOutstanding = false;
                _state = SmsLinkState.Bound;
                _bound.TrySetResult();
                SmsLinkLog.Bound(_logger, Info, _protocol.Name, _endpoint);
                _signal.Set();

                using var connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var read = ReadLoopAsync(reader, connection.Token);
                var write = WriteLoopAsync(writer, connection.Token);
                var timer = TimerLoopAsync(connection.Token);
                var first = await Task.WhenAny(read, write, timer).ConfigureAwait(false);
                await connection.CancelAsync().ConfigureAwait(false);
                try
                {
                    await Task.WhenAll(read, write, timer).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The loops end by cancellation once one of them has ended.
                }
                catch (Exception) when (!first.IsFaulted)
                {
                    // A loop failed after the first one ended the connection; the first outcome is what counts.
                }
                await first.ConfigureAwait(false);
            }
            finally
            {
                if (bound)
                {
                    _bound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    SmsTelemetry.Disconnected(Info);
                    ReleaseInFlight();
                }
                _state = SmsLinkState.Connecting;
                await reader.CompleteAsync().ConfigureAwait(false);
                await writer.CompleteAsync().ConfigureAwait(false);
                try
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // Already gone.
                }
            }
            return bound;
        }
    }

    private async Task HandshakeAsync(PipeReader reader, PipeWriter writer, CancellationToken stop)
    {
        var request = _protocol.CreateHandshake();
        var sequence = NextSequence();
        _protocol.Write(request, sequence, writer);
        await writer.FlushAsync(stop).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_options.ResponseTimeout);
        while (true)
        {
            var result = await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (true)
                {
                    var frame = _protocol.ReadFrame(ref buffer);
                    if (frame.Kind == LinkFrameKind.Incomplete)
                        break;
                    if (frame.Kind == LinkFrameKind.Fatal)
                        throw new IOException($"malformed handshake response: {frame.Error}");
                    if (frame.Kind == LinkFrameKind.Pdu && _protocol.IsResponse(frame.Pdu!, out var got) && got == sequence)
                    {
                        var outcome = _protocol.CheckHandshake(request, frame.Pdu!);
                        if (!outcome.Success)
                            throw new SmsHandshakeException(outcome.Error ?? "refused") { Permanent = outcome.Permanent };
                        return;
                    }
                    // Anything else before the handshake's answer is ignored.
                }
                if (result.IsCompleted)
                    throw new IOException("the peer closed the connection during the handshake");
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private async Task ReadLoopAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        // Receipts and MO messages handled at once on this connection (each waits for its store's group commit).
        var inbound = new SemaphoreSlim(Math.Max(1, _options.InboundWindow));
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var stopReading = false;
            try
            {
                while (!stopReading)
                {
                    var frame = _protocol.ReadFrame(ref buffer);
                    if (frame.Kind == LinkFrameKind.Incomplete)
                        break;
                    _lastReceived = _time.GetTimestamp();
                    switch (frame.Kind)
                    {
                        case LinkFrameKind.Pdu:
                            stopReading = await HandlePduAsync(frame.Pdu!, inbound, cancellationToken).ConfigureAwait(false);
                            break;
                        case LinkFrameKind.Malformed:
                            SmsLinkLog.Malformed(_logger, Info, frame.Error ?? "");
                            if (frame.Reply is not null)
                                Send(new Outgoing(frame.Reply, frame.ReplySequence, null));
                            break;
                        default:
                            SmsLinkLog.Malformed(_logger, Info, frame.Error ?? "");
                            Send(new Outgoing(frame.Reply, frame.ReplySequence, null, CloseAfter: true));
                            stopReading = true;
                            break;
                    }
                }
                if (result.IsCompleted && !stopReading)
                    return; // the peer closed the connection
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            if (stopReading)
            {
                // The writer sends what is queued and then ends the connection.
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <returns>True when the connection is to end (close answered, or the peer asked to close).</returns>
    private async ValueTask<bool> HandlePduAsync(TPdu pdu, SemaphoreSlim inbound, CancellationToken cancellationToken)
    {
        if (_protocol.IsResponse(pdu, out var sequence))
        {
            SmsRequest<TPdu>? request;
            lock (_pending)
            {
                if (_pending.Remove(sequence, out request) && request.Kind == SmsRequestKind.User)
                    _inFlight--;
            }
            if (request is null)
            {
                SmsLinkLog.UnmatchedResponse(_logger, Info, sequence);
                return false;
            }
            switch (request.Kind)
            {
                case SmsRequestKind.KeepAlive:
                    _keepAliveMisses = 0;
                    _keepAliveOutstanding = false;
                    request.Complete(pdu);
                    return false;
                case SmsRequestKind.Close:
                    request.Complete(pdu);
                    return true;
                default:
                    // Sent at its deadline less the time-out (FillWindow): the response's latency without another field.
                    var answeredAt = _time.GetTimestamp();
                    SmsTelemetry.Answered(Info, _time.GetElapsedTime(request.Deadline - _responseTimeoutTicks, answeredAt));
                    if (_protocol.ClassifyResponse(request.Pdu, pdu) == LinkResponseOutcome.Throttled)
                    {
                        var now = answeredAt;
                        SmsTelemetry.Throttled(Info);
                        if (now >= _pausedUntil)
                            SmsLinkLog.Throttled(_logger, Info, _options.ThrottlePause);
                        _pausedUntil = now + (long)(_options.ThrottlePause.TotalSeconds * _time.TimestampFrequency);
                        request.Attempts--; // a throttled send does not count as an attempt
                        _queue.Requeue(request);
                    }
                    else
                    {
                        request.Complete(pdu);
                    }
                    if (_closing && InFlight == 0)
                        _drained.TrySetResult();
                    _signal.Set();
                    return false;
            }
        }

        // A request whose handler waits (a receipt or MO message being stored) is answered when it is done, and the
        // next PDUs are read meanwhile, up to InboundWindow of them at once: answers are matched by sequence number,
        // in any order (SMPP 3.4 §2.6, CMPP's Sequence_Id), and the stores commit what many handlers wait for together.
        ValueTask<PeerRequestResult<TPdu>> handling;
        try
        {
            handling = _protocol.HandlePeerRequestAsync(pdu, sequence, Info, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SmsLinkLog.PeerRequestFailed(_logger, Info, ex);
            return false;
        }
        if (!handling.IsCompleted)
        {
            await inbound.WaitAsync(cancellationToken).ConfigureAwait(false);
            _ = AnswerLaterAsync(handling.AsTask(), sequence, inbound, cancellationToken);
            return false;
        }
        PeerRequestResult<TPdu> answer;
        try
        {
            answer = await handling.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SmsLinkLog.PeerRequestFailed(_logger, Info, ex);
            return false;
        }
        if (answer.Reply is not null || answer.Close)
            Send(new Outgoing(answer.Reply, sequence, null, answer.Close));
        if (answer.Close)
        {
            SmsLinkLog.PeerClosed(_logger, Info);
            return true;
        }
        return false;
    }

    /// <summary>Answers a peer request once its handler is done, unless the connection it came on has closed (the peer sends it again).</summary>
    private async Task AnswerLaterAsync(Task<PeerRequestResult<TPdu>> handling, uint sequence, SemaphoreSlim inbound, CancellationToken connection)
    {
        try
        {
            var answer = await handling.ConfigureAwait(false);
            if (answer.Reply is null && !answer.Close)
                return;
            // Under the lock ReleaseInFlight takes after the connection is cancelled: a reply never reaches the next connection.
            lock (_pending)
            {
                if (connection.IsCancellationRequested)
                    return;
                _control.Enqueue(new Outgoing(answer.Reply, sequence, null, answer.Close));
            }
            _signal.Set();
            if (answer.Close)
                SmsLinkLog.PeerClosed(_logger, Info);
        }
        catch (OperationCanceledException)
        {
            // The connection closed while the handler worked: no answer, the peer delivers it again.
        }
        catch (Exception ex)
        {
            SmsLinkLog.PeerRequestFailed(_logger, Info, ex);
        }
        finally
        {
            inbound.Release();
        }
    }

    private async Task WriteLoopAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        while (true)
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            var written = 0;
            var closeAfter = false;
            while (_control.TryDequeue(out var item))
            {
                if (item.Pdu is not null)
                {
                    var sequence = item.Sequence;
                    if (item.Request is { } request)
                    {
                        sequence = NextSequence();
                        request.Attempts++;
                        request.Deadline = _time.GetTimestamp() + _responseTimeoutTicks;
                        lock (_pending)
                            _pending[sequence] = request;
                    }
                    _protocol.Write(item.Pdu, sequence, writer);
                    written++;
                }
                if (item.CloseAfter)
                {
                    closeAfter = true;
                    break;
                }
            }
            if (!closeAfter && !_closing)
                written += FillWindow(writer);
            if (written > 0)
            {
                var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                    return;
            }
            if (closeAfter)
                return;
        }
    }

    /// <summary>Encodes queued requests while the window, the pause and the account's rate allow.</summary>
    private int FillWindow(PipeWriter writer)
    {
        var now = _time.GetTimestamp();
        if (now < _pausedUntil)
        {
            _wake.Change(_time.GetElapsedTime(now, _pausedUntil), Timeout.InfiniteTimeSpan);
            return 0;
        }
        var written = 0;
        while (Volatile.Read(ref _inFlight) < _options.Window && !_queue.IsEmpty)
        {
            if (!_bucket.TryTake(out var wait))
            {
                _wake.Change(wait, Timeout.InfiniteTimeSpan);
                break;
            }
            if (!_queue.TryDequeue(out var request))
            {
                _bucket.Return();
                break;
            }
            if (request.CancellationToken.IsCancellationRequested)
            {
                request.Cancel();
                _bucket.Return();
                continue;
            }
            var sequence = NextSequence();
            request.Attempts++;
            request.Deadline = now + _responseTimeoutTicks;
            lock (_pending)
            {
                _pending[sequence] = request;
                _inFlight++;
            }
            try
            {
                _protocol.Write(request.Pdu, sequence, writer);
                written++;
                SmsTelemetry.Submitted(Info);
            }
            catch (ArgumentException ex)
            {
                // A field the protocol cannot encode: the request fails, the link goes on.
                lock (_pending)
                {
                    _pending.Remove(sequence);
                    _inFlight--;
                }
                request.Fail(ex);
            }
        }
        return written;
    }

    private async Task TimerLoopAsync(CancellationToken cancellationToken)
    {
        var shortest = _options.ResponseTimeout < _options.KeepAliveInterval ? _options.ResponseTimeout : _options.KeepAliveInterval;
        var tick = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 5, TimeSpan.FromMilliseconds(5).Ticks, TimeSpan.FromMilliseconds(500).Ticks));
        List<(uint Sequence, SmsRequest<TPdu> Request)> expired = [];
        while (true)
        {
            await Task.Delay(tick, _time, cancellationToken).ConfigureAwait(false);
            var now = _time.GetTimestamp();
            expired.Clear();
            lock (_pending)
            {
                foreach (var (sequence, request) in _pending)
                {
                    if (request.Deadline <= now)
                        expired.Add((sequence, request));
                }
                foreach (var (sequence, request) in expired)
                {
                    _pending.Remove(sequence);
                    if (request.Kind == SmsRequestKind.User)
                        _inFlight--;
                }
            }
            foreach (var (sequence, request) in expired)
            {
                switch (request.Kind)
                {
                    case SmsRequestKind.KeepAlive:
                        _keepAliveOutstanding = false;
                        request.Fail(new SmsLinkException("keep-alive unanswered"));
                        if (++_keepAliveMisses >= _options.KeepAliveMaxMisses)
                        {
                            SmsLinkLog.KeepAliveLost(_logger, Info, _keepAliveMisses);
                            return;
                        }
                        break;
                    case SmsRequestKind.Close:
                        request.Fail(new SmsLinkException("close unanswered"));
                        return;
                    default:
                        SmsLinkLog.ResponseTimeout(_logger, Info, sequence, _options.ResponseTimeout, request.Attempts);
                        SmsTelemetry.TimedOut(Info);
                        if (request.Attempts >= _options.MaxAttempts)
                            request.Fail(new SmsLinkException($"No response after {request.Attempts} attempts."));
                        else
                            _queue.Requeue(request);
                        break;
                }
            }
            if (expired.Count > 0)
                _signal.Set();
            if (!_keepAliveOutstanding && !_closing && _time.GetElapsedTime(_lastReceived, now) >= _options.KeepAliveInterval)
            {
                _keepAliveOutstanding = true;
                var keepAlive = new SmsRequest<TPdu>(_protocol.CreateKeepAlive(), CancellationToken.None, SmsRequestKind.KeepAlive);
                Send(new Outgoing(keepAlive.Pdu, 0, keepAlive));
            }
        }
    }

    /// <summary>Puts requests in flight back in the queue (or fails them) and drops replies meant for the old connection.</summary>
    private void ReleaseInFlight()
    {
        SmsRequest<TPdu>[] inFlight;
        var unsent = new List<Outgoing>();
        lock (_pending)
        {
            inFlight = [.. _pending.Values];
            _pending.Clear();
            _inFlight = 0;
            while (_control.TryDequeue(out var item))
                unsent.Add(item);
        }
        foreach (var item in unsent)
            item.Request?.Fail(new SmsLinkException("The connection closed before the request was sent."));
        var users = 0;
        foreach (var request in inFlight)
        {
            if (request.Kind != SmsRequestKind.User)
            {
                request.Fail(new SmsLinkException("The connection closed."));
                continue;
            }
            users++;
            if (_options.ResendInDoubt && request.Attempts < _options.MaxAttempts && !_closing)
                _queue.Requeue(request);
            else
                request.Fail(new SmsLinkException("The connection closed with the request in flight; the peer may or may not have it."));
        }
        _drained.TrySetResult();
        _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SmsLinkLog.Disconnected(_logger, Info, _endpoint, users, _options.ResendInDoubt && !_closing ? "re-queued" : "failed");
    }

    private void Send(Outgoing item)
    {
        _control.Enqueue(item);
        _signal.Set();
    }

    private uint NextSequence()
    {
        var next = _sequence >= _protocol.MaxSequence ? 1 : _sequence + 1;
        _sequence = next;
        return next;
    }

    /// <summary>A PDU for the write loop: a reply (with the peer's sequence), or a link request (numbered when written).</summary>
    private readonly record struct Outgoing(TPdu? Pdu, uint Sequence, SmsRequest<TPdu>? Request, bool CloseAfter = false);
}

/// <summary>Where a link is.</summary>
public enum SmsLinkState
{
    Stopped,
    Connecting,
    Bound,
}
