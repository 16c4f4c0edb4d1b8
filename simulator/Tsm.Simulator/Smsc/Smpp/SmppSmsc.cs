using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Protocol.Sms.Text;

namespace Tsm.Simulator.Smsc.Smpp;

/// <summary>
/// An SMPP 3.4 SMSC simulator written from the spec (§4 PDUs, §2.3 session states, App. B receipts), independent of
/// the gateway's ESME so that the two catch each other. It accepts binds with credentials, answers submits with
/// message ids, sends delivery receipts after a delay (honouring registered_delivery), delivers MO messages on
/// demand (<see cref="SendMoAsync"/>) and injects faults: throttling above a rate, dropped connections every N PDUs,
/// delayed responses, refused binds. What it received is kept for tests.
/// </summary>
public sealed class SmppSmsc : IAsyncDisposable
{
    private readonly ConcurrentDictionary<SmppSmscSession, byte> _sessions = new();
    private readonly ConcurrentQueue<ReceivedSubmit> _submits = new();
    private readonly ConcurrentQueue<BindAttempt> _binds = new();
    private readonly ConcurrentDictionary<string, SmppMessageState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _deliveries = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _throttleLock = new();
    private readonly string _idPrefix;
    private Socket? _listener;
    private Task? _accept;
    private long _messageCounter;
    private long _pduCounter;
    private long _throttleWindowStart;
    private int _throttleWindowCount;
    private int _submitCount;
    private int _throttled;
    private int _drops;
    private int _receiptsAcknowledged;
    private int _moAcknowledged;
    private int _deliveryRetries;
    private int _unanswered;
    private int _peakUnanswered;

    public SmppSmsc(SmppSmscOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Logger = logger ?? NullLogger.Instance;
        Time = time ?? TimeProvider.System;
        // Message ids are hex: by default a per-run prefix and a counter, so two runs do not reuse ids.
        _idPrefix = options.MessageIdPrefix ?? RandomNumberGenerator.GetInt32(0x1000, 0xFFFF).ToString("X4", CultureInfo.InvariantCulture);
        _messageCounter = options.FirstMessageNumber - 1;
    }

    public SmppSmscOptions Options { get; }

    internal ILogger Logger { get; }

    internal TimeProvider Time { get; }

    internal CancellationToken Stopping => _stop.Token;

    /// <summary>The port listened on (the chosen one when the options said 0).</summary>
    public int Port { get; private set; }

    /// <summary>Submits (submit_sm, data_sm, submit_multi) in arrival order, when <see cref="SmppSmscOptions.RecordSubmits"/> is on.</summary>
    public IReadOnlyCollection<ReceivedSubmit> Submits => _submits;

    /// <summary>Bind attempts in arrival order.</summary>
    public IReadOnlyCollection<BindAttempt> Binds => _binds;

    /// <summary>Submits answered with ESME_ROK.</summary>
    public int SubmitCount => Volatile.Read(ref _submitCount);

    /// <summary>Submits answered with ESME_RTHROTTLED.</summary>
    public int ThrottledCount => Volatile.Read(ref _throttled);

    /// <summary>Connections dropped by the fault injector.</summary>
    public int Drops => Volatile.Read(ref _drops);

    /// <summary>Receipts the ESME acknowledged with status 0.</summary>
    public int ReceiptsAcknowledged => Volatile.Read(ref _receiptsAcknowledged);

    /// <summary>MO messages the ESME acknowledged with status 0.</summary>
    public int MoAcknowledged => Volatile.Read(ref _moAcknowledged);

    /// <summary>Deliveries (receipts and MO) tried again after an error status, a timeout or a dropped session.</summary>
    public int DeliveryRetries => Volatile.Read(ref _deliveryRetries);

    /// <summary>The most requests received and not yet answered at one time (shows an ESME's window).</summary>
    public int PeakUnanswered => Volatile.Read(ref _peakUnanswered);

    /// <summary>Sessions currently bound.</summary>
    public int BoundSessions => _sessions.Keys.Count(s => s.IsBound);

    /// <summary>Starts listening.</summary>
    public void Start()
    {
        if (_listener is not null)
            return;
        var address = IPAddress.Parse(Options.Host);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, Options.Port));
        listener.Listen(128);
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _throttleWindowStart = Time.GetTimestamp();
        SmscLog.Listening(Logger, $"{Options.Host}:{Port}");
        _accept = Task.Run(AcceptLoopAsync);
    }

    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync();
        _listener?.Dispose();
        if (_accept is not null)
            await _accept.ConfigureAwait(false);
        foreach (var session in _sessions.Keys)
            session.Abort();
        try
        {
            await Task.WhenAll(_deliveries.Keys).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or IOException)
        {
            // Deliveries end with the server.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>
    /// Delivers a mobile-originated message (deliver_sm, esm_class 0) to a session of <paramref name="systemId"/> bound
    /// as receiver or transceiver, waiting for one if needed, and returns the deliver_sm_resp status.
    /// </summary>
    public Task<uint> SendMoAsync(string systemId, SmppAddress source, SmppAddress destination, ReadOnlyMemory<byte> shortMessage, byte dataCoding = 0, byte esmClass = 0, CancellationToken cancellationToken = default)
    {
        var pdu = new DeliverSm
        {
            Source = source,
            Destination = destination,
            EsmClass = esmClass,
            DataCoding = dataCoding,
            ShortMessage = shortMessage,
        };
        return TrackDelivery(systemId, pdu, isReceipt: false, cancellationToken);
    }

    /// <summary>Text MO in the SMSC default alphabet's ASCII subset.</summary>
    public Task<uint> SendMoTextAsync(string systemId, string source, string destination, string text, CancellationToken cancellationToken = default) =>
        SendMoAsync(systemId, SmppAddress.International(source), SmppAddress.Unknown(destination), Encoding.ASCII.GetBytes(text), 0, 0, cancellationToken);

    internal void RequestReceived()
    {
        var now = Interlocked.Increment(ref _unanswered);
        int peak;
        while (now > (peak = Volatile.Read(ref _peakUnanswered)) && Interlocked.CompareExchange(ref _peakUnanswered, now, peak) != peak)
        {
        }
    }

    internal void RequestAnswered() => Interlocked.Decrement(ref _unanswered);

    internal void Add(SmppSmscSession session) => _sessions.TryAdd(session, 0);

    internal void Remove(SmppSmscSession session) => _sessions.TryRemove(session, out _);

    internal void Record(BindAttempt bind) => _binds.Enqueue(bind);

    /// <summary>Checks credentials and faults; the bind status to answer.</summary>
    internal uint CheckBind(Bind bind)
    {
        if (Options.RefuseBinds)
            return Options.RefuseBindStatus;
        if (Options.Accounts.Count == 0)
            return SmppStatus.ROK;
        if (!Options.Accounts.TryGetValue(bind.SystemId, out var password))
            return SmppStatus.RINVSYSID;
        var expected = Encoding.Latin1.GetBytes(password);
        var given = Encoding.Latin1.GetBytes(bind.Password);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SmppStatus.ROK : SmppStatus.RINVPASWD;
    }

    /// <summary>True when this PDU is the Nth since the last drop: the session drops the connection without answering.</summary>
    internal bool ShouldDrop()
    {
        if (Options.DropEvery <= 0)
            return false;
        if (Interlocked.Increment(ref _pduCounter) % Options.DropEvery != 0)
            return false;
        Interlocked.Increment(ref _drops);
        return true;
    }

    /// <summary>Counts a submit against the throttling rate; true when it is over.</summary>
    internal bool IsThrottled()
    {
        if (Options.ThrottleAbove <= 0)
            return false;
        lock (_throttleLock)
        {
            var now = Time.GetTimestamp();
            if (Time.GetElapsedTime(_throttleWindowStart, now) >= TimeSpan.FromSeconds(1))
            {
                _throttleWindowStart = now;
                _throttleWindowCount = 0;
            }
            if (_throttleWindowCount >= Options.ThrottleAbove)
            {
                Interlocked.Increment(ref _throttled);
                return true;
            }
            _throttleWindowCount++;
            return false;
        }
    }

    /// <summary>Accepts a submit: a new message id, the record, and a receipt when asked for.</summary>
    internal string Accept(string systemId, SmppPdu submit, SmppAddress source, SmppAddress destination, byte registeredDelivery)
    {
        var number = Interlocked.Increment(ref _messageCounter);
        if (Options.MessageNumberWrap > 0)
            number = (number - 1) % Options.MessageNumberWrap + 1;
        var messageId = string.Create(CultureInfo.InvariantCulture, $"{_idPrefix}{number:X8}");
        Interlocked.Increment(ref _submitCount);
        if (Options.Handsets is { } handsets)
            ToHandsets(handsets, submit);
        if (Options.RecordSubmits)
        {
            _submits.Enqueue(new ReceivedSubmit(systemId, messageId, SmppStatus.ROK, submit));
            _states[messageId] = SmppMessageState.Enroute;
        }
        if (Options.Receipts && (registeredDelivery & 0x03) != 0)
        {
            var undeliverable = Options.UndeliverableDestinations.Contains(destination.Address);
            // registered_delivery 2 asks for a receipt on failure only.
            if ((registeredDelivery & 0x03) == 1 || undeliverable)
                ScheduleReceipt(systemId, messageId, source, destination, undeliverable, submit);
        }
        return messageId;
    }

    /// <summary>Puts an accepted submit in the queue of each destination handset (submit_multi: every SME address).</summary>
    private static void ToHandsets(Handsets handsets, SmppPdu submit)
    {
        switch (submit)
        {
            case SubmitSm sm:
                Deliver(sm.Source.Address, sm.Destination.Address, sm.EsmClass, sm.DataCoding, sm.UserData);
                break;
            case DataSm data:
                var payload = data.FindTlv(SmppTlvTag.MessagePayload)?.Value ?? ReadOnlyMemory<byte>.Empty;
                Deliver(data.Source.Address, data.Destination.Address, data.EsmClass, data.DataCoding, payload);
                break;
            case SubmitMulti multi:
                var userData = multi.ShortMessage.IsEmpty && multi.FindTlv(SmppTlvTag.MessagePayload) is { } tlv ? tlv.Value : multi.ShortMessage;
                foreach (var destination in multi.Destinations)
                {
                    if (destination.Address is { Address.Length: > 0 } address)
                        Deliver(multi.Source.Address, address.Address, multi.EsmClass, multi.DataCoding, userData);
                }
                break;
        }

        void Deliver(string source, string destination, byte esmClass, byte dataCoding, ReadOnlyMemory<byte> data)
        {
            var udhi = (esmClass & SmppEsmClass.Udhi) != 0;
            handsets.Deliver(source, destination, udhi, dataCoding, data.Span, SmppMessageText.Decode(dataCoding, udhi, data.Span));
        }
    }

    internal void RecordRefused(string systemId, uint status, SmppPdu submit)
    {
        if (Options.RecordSubmits)
            _submits.Enqueue(new ReceivedSubmit(systemId, "", status, submit));
    }

    internal SmppMessageState? StateOf(string messageId) => _states.TryGetValue(messageId, out var s) ? s : null;

    internal bool Cancel(string messageId) =>
        _states.TryGetValue(messageId, out var s) && s == SmppMessageState.Enroute && _states.TryUpdate(messageId, SmppMessageState.Deleted, s);

    private void ScheduleReceipt(string systemId, string messageId, SmppAddress source, SmppAddress destination, bool undeliverable, SmppPdu submit)
    {
        var now = Time.GetUtcNow();
        var state = undeliverable ? SmppMessageState.Undeliverable : SmppMessageState.Delivered;
        var textId = Options.ReceiptIdInDecimal
            ? ulong.Parse(messageId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
            : messageId;
        var original = submit is SmppShortMessagePdu sm ? sm.ShortMessage : ReadOnlyMemory<byte>.Empty;
        var receipt = new SmppDeliveryReceipt(
            textId, state, SmppDeliveryReceipt.StatName(state), undeliverable ? "001" : "000", 1, undeliverable ? 0 : 1,
            now.ToString("yyMMddHHmm", CultureInfo.InvariantCulture), now.Add(Options.ReceiptDelay).ToString("yyMMddHHmm", CultureInfo.InvariantCulture),
            // App. B: the first 20 characters of the message; binary content is not text, so none is given for it.
            submit is SmppShortMessagePdu { DataCoding: 0 or 1 or 3 } ? Encoding.Latin1.GetString(original.Span[..Math.Min(20, original.Length)]) : "",
            FromTlvs: false);
        var pdu = new DeliverSm
        {
            // A receipt goes from the handset back to the service: the addresses swap.
            Source = destination,
            Destination = source,
            EsmClass = SmppEsmClass.DeliveryReceipt,
            ShortMessage = Encoding.Latin1.GetBytes(receipt.ToText()),
            Tlvs = Options.ReceiptTlvs
                ? [SmppTlv.FromCString(SmppTlvTag.ReceiptedMessageId, messageId), SmppTlv.FromByte(SmppTlvTag.MessageState, (byte)state)]
                : [],
        };
        _ = TrackDelivery(systemId, pdu, isReceipt: true, CancellationToken.None, delay: Options.ReceiptDelay, messageId: messageId, state: state);
    }

    private Task<uint> TrackDelivery(string systemId, DeliverSm pdu, bool isReceipt, CancellationToken cancellationToken, TimeSpan delay = default, string? messageId = null, SmppMessageState state = default)
    {
        var task = DeliverAsync(systemId, pdu, isReceipt, delay, messageId, state, cancellationToken);
        _deliveries.TryAdd(task, 0);
        _ = task.ContinueWith(t => _deliveries.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>
    /// Delivers with retries (SMPP 3.4 §5.1.3 leaves the schedule to the SMSC): a dropped session, a timeout or an error
    /// status (ESME_RX_T_APPN: the ESME could not store it now) means try again on a bound session after the pause,
    /// doubling up to the maximum, until <see cref="SmppSmscOptions.DeliverGiveUpAfter"/>.
    /// </summary>
    private async Task<uint> DeliverAsync(string systemId, DeliverSm pdu, bool isReceipt, TimeSpan delay, string? messageId, SmppMessageState state, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        if (delay > TimeSpan.Zero)
            await Task.Delay(delay, Time, token).ConfigureAwait(false);
        var status = SmppStatus.RSYSERR;
        var first = Time.GetTimestamp();
        var pause = Options.DeliverRetryPause;
        for (var attempt = 1; ; attempt++)
        {
            var session = await WaitForReceiverAsync(systemId, token).ConfigureAwait(false);
            try
            {
                var response = await session.SendRequestAsync(pdu, Options.DeliverTimeout, token).ConfigureAwait(false);
                status = response.Status;
                if (status == SmppStatus.ROK)
                {
                    if (isReceipt)
                    {
                        Interlocked.Increment(ref _receiptsAcknowledged);
                        if (messageId is not null && Options.RecordSubmits)
                            _states[messageId] = state;
                    }
                    else
                    {
                        Interlocked.Increment(ref _moAcknowledged);
                    }
                    return status;
                }
            }
            catch (Exception ex) when (ex is IOException or TimeoutException)
            {
                status = SmppStatus.RSYSERR;
            }
            Interlocked.Increment(ref _deliveryRetries);
            if (Time.GetElapsedTime(first) + pause > Options.DeliverGiveUpAfter)
            {
                SmscLog.DeliveryAbandoned(Logger, systemId, attempt);
                return status;
            }
            await Task.Delay(pause, Time, token).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, Math.Max(Options.DeliverMaxRetryPause.Ticks, pause.Ticks)));
        }
    }

    private async Task<SmppSmscSession> WaitForReceiverAsync(string systemId, CancellationToken cancellationToken)
    {
        while (true)
        {
            SmppSmscSession? best = null;
            foreach (var session in _sessions.Keys)
            {
                if (session.CanReceive && string.Equals(session.SystemId, systemId, StringComparison.Ordinal)
                    && (best is null || session.Outstanding < best.Outstanding))
                    best = session;
            }
            if (best is not null)
                return best;
            await Task.Delay(TimeSpan.FromMilliseconds(20), Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            socket.NoDelay = true;
            var session = new SmppSmscSession(this, socket);
            Add(session);
            _ = session.RunAsync();
        }
    }
}
