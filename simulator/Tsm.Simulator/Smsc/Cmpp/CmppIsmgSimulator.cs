using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Protocol.Sms.Text;

namespace Tsm.Simulator.Smsc.Cmpp;

/// <summary>
/// A simulated CMPP ISMG (the gateway side of docs/sms.md "CMPP 2.0 / 3.0"), written from the spec rather than from our SP client
/// so that the two can catch each other: it accepts CONNECTs of known SP accounts (refusing with Status 2 for an
/// unknown SP_Id, 3 for a wrong authenticator, 4 for a version above the account's), answers SUBMIT with Msg_Ids,
/// sends status reports after a delay (again, after the delay, when the SP answers DELIVER_RESP with a non-zero
/// Result), delivers MO messages on demand, answers and sends ACTIVE_TEST, handles TERMINATE
/// both ways, and injects the faults of <see cref="CmppIsmgFaults"/>. Status reports and MO messages that no open link
/// has acknowledged are kept per account and delivered when the SP connects again.
/// </summary>
public sealed class CmppIsmgSimulator : IAsyncDisposable
{
    private readonly Dictionary<string, AccountState> _accounts;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<CmppIsmgSession, Task> _sessions = new();
    private readonly ConcurrentQueue<CmppReceivedSubmit> _submits = new();
    private readonly ConcurrentQueue<CmppConnectAttempt> _connects = new();
    private readonly ConcurrentQueue<CmppDeliverResp> _deliverResps = new();
    private Socket? _listener;
    private Task? _accepting;
    private int _msgSequence;
    private int _smscSequence;
    private long _submitCount;
    private long _throttled;
    private long _reportsSent;
    private long _mosSent;
    private long _activeTests;
    private long _unknownCommands;
    private long _activeTestResps;
    private long _drops;
    private long _terminates;

    public CmppIsmgSimulator(CmppIsmgOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Logger = logger ?? NullLogger.Instance;
        Time = timeProvider ?? TimeProvider.System;
        _accounts = options.Accounts.ToDictionary(a => a.SpId, a => new AccountState(a), StringComparer.Ordinal);
    }

    public CmppIsmgOptions Options { get; }

    public CmppIsmgFaults Faults => Options.Faults;

    internal ILogger Logger { get; }

    internal TimeProvider Time { get; }

    internal CancellationToken Stopping => _stop.Token;

    /// <summary>The bound endpoint (the real port when <see cref="CmppIsmgOptions.Port"/> is 0).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)(_listener?.LocalEndPoint ?? throw new InvalidOperationException("the ISMG is not started"));

    /// <summary>SUBMITs received (when <see cref="CmppIsmgOptions.RecordSubmits"/>), in order of arrival.</summary>
    public IReadOnlyList<CmppReceivedSubmit> Submits => [.. _submits];

    /// <summary>CONNECTs received and how they were answered.</summary>
    public IReadOnlyList<CmppConnectAttempt> Connects => [.. _connects];

    /// <summary>DELIVER_RESPs received from SPs.</summary>
    public IReadOnlyList<CmppDeliverResp> DeliverResps => [.. _deliverResps];

    public long SubmitCount => Interlocked.Read(ref _submitCount);

    /// <summary>SUBMITs answered with Result 8.</summary>
    public long ThrottledCount => Interlocked.Read(ref _throttled);

    public long ReportsSent => Interlocked.Read(ref _reportsSent);

    public long MoSent => Interlocked.Read(ref _mosSent);

    public long ActiveTestsReceived => Interlocked.Read(ref _activeTests);

    /// <summary>Frames with a Command_Id the spec does not define, skipped.</summary>
    public long UnknownCommandsReceived => Interlocked.Read(ref _unknownCommands);

    public long ActiveTestRespsReceived => Interlocked.Read(ref _activeTestResps);

    /// <summary>TERMINATEs received from SPs.</summary>
    public long TerminatesReceived => Interlocked.Read(ref _terminates);

    /// <summary>Links dropped by the <see cref="CmppIsmgFaults.DropEveryPdus"/> fault.</summary>
    public long Drops => Interlocked.Read(ref _drops);

    /// <summary>Links that completed CONNECT and are open.</summary>
    public int OpenLinks => _accounts.Values.Sum(a => a.SessionCount);

    /// <summary>Status reports and MO messages waiting for an SP to connect or acknowledge.</summary>
    public int PendingDelivers(string spId) => _accounts.TryGetValue(spId, out var a) ? a.Pending.Count : 0;

    /// <summary>Binds the listener and starts accepting links.</summary>
    public void Start()
    {
        if (_listener is not null)
            throw new InvalidOperationException("the ISMG is already started");
        var address = IPAddress.Parse(Options.Host);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, Options.Port));
            listener.Listen(64);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        CmppIsmgLog.Listening(Logger, Endpoint.ToString());
        _accepting = AcceptLoopAsync(listener);
    }

    /// <summary>Delivers an MO message to an open link of <paramref name="spId"/>, or keeps it until the SP connects.</summary>
    public void SendMo(string spId, CmppMoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Deliver(Account(spId), new PendingDeliver(null, message));
    }

    /// <summary>Sends ACTIVE_TEST on every open link; returns how many links it was sent on.</summary>
    public int SendActiveTest() => AllSessions().Count(s => s.SendActiveTest());

    /// <summary>Sends TERMINATE on every open link and closes each once answered (or after <paramref name="timeout"/>).</summary>
    public Task TerminateAllAsync(TimeSpan timeout) => Task.WhenAll(AllSessions().Select(s => s.TerminateAsync(timeout)));

    /// <summary>Closes every link abruptly (as a crashed or restarted ISMG would).</summary>
    public void DropAll()
    {
        foreach (var session in AllSessions())
            session.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync();
        _listener?.Dispose();
        if (_accepting is not null)
            await _accepting;
        await Task.WhenAll(_sessions.Values);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && _stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                CmppIsmgLog.Failed(Logger, "listener", ex);
                continue;
            }
            socket.NoDelay = true;
            var session = new CmppIsmgSession(this, socket);
            _sessions[session] = RunSessionAsync(session);
        }
    }

    private async Task RunSessionAsync(CmppIsmgSession session)
    {
        await Task.Yield();
        try
        {
            await session.RunAsync(_stop.Token);
        }
        finally
        {
            _sessions.TryRemove(session, out _);
        }
    }

    private List<CmppIsmgSession> AllSessions() => [.. _accounts.Values.SelectMany(a => a.Snapshot())];

    private AccountState Account(string spId) =>
        _accounts.TryGetValue(spId, out var account) ? account : throw new ArgumentException($"no SP account '{spId}'", nameof(spId));

    /// <summary>Judges a CONNECT: the Status to answer, the account and the version of the link.</summary>
    internal uint Authenticate(CmppConnect connect, out AccountState? account, out CmppVersion version)
    {
        account = null;
        version = connect.Version >= (byte)CmppVersion.V30 ? CmppVersion.V30 : CmppVersion.V20;
        uint status;
        if (Faults.RefuseConnectStatus is { } refused)
            status = refused;
        else if (!_accounts.TryGetValue(connect.SourceAddr, out account))
            status = CmppConnectStatus.IllegalSourceAddress;
        else if (!CmppAuthenticator.Verify(
                     CmppAuthenticator.ComputeSource(account.Account.SpId, account.Account.SharedSecret, connect.Timestamp),
                     connect.AuthenticatorSource.Span))
            status = CmppConnectStatus.AuthenticationFailed;
        else if (Options.ConnectTimestampSkew is { } skew
                 && (CmppAuthenticator.TimeOf(connect.Timestamp, Time.GetLocalNow().DateTime) is not { } stamped
                     || (stamped - Time.GetLocalNow().DateTime).Duration() > skew))
            status = CmppConnectStatus.AuthenticationFailed; // a stale or future Timestamp: a replayed authenticator
        else if (connect.Version > (byte)account.Account.HighestVersion)
        {
            status = CmppConnectStatus.VersionTooHigh;
            version = account.Account.HighestVersion;
        }
        else if (connect.Version < (byte)CmppVersion.V20)
            status = CmppConnectStatus.Other;
        else
            status = CmppConnectStatus.Ok;
        _connects.Enqueue(new CmppConnectAttempt(connect.SourceAddr, connect.Version, status));
        return status;
    }

    /// <summary>Answers a SUBMIT: checks it, applies flow control, assigns a Msg_Id and schedules the status reports.</summary>
    internal CmppSubmitResp Submit(AccountState account, CmppVersion version, CmppSubmit submit)
    {
        Interlocked.Increment(ref _submitCount);
        var result = Check(account.Account, submit);
        if (result == CmppSubmitResult.Ok && account.Throttle(Faults.FlowControlRate, Time))
        {
            result = CmppSubmitResult.FlowControl;
            Interlocked.Increment(ref _throttled);
        }
        var msgId = result == CmppSubmitResult.Ok ? NextMsgId() : default;
        if (result == CmppSubmitResult.Ok)
            account.CountAccepted();
        if (Options.RecordSubmits)
            _submits.Enqueue(new CmppReceivedSubmit(account.Account.SpId, version, submit, msgId, result));
        if (result == CmppSubmitResult.Ok && Options.Handsets is { } handsets)
        {
            foreach (var destination in submit.DestTerminalIds)
                handsets.Deliver(submit.SrcId, destination, submit.TpUdhi == 1, submit.MsgFmt, submit.MsgContent.Span,
                    CmppMessageText.Decode(submit.MsgFmt, submit.TpUdhi == 1, submit.MsgContent.Span));
        }
        if (result == CmppSubmitResult.Ok && submit.RegisteredDelivery == 1)
            _ = ReportLaterAsync(account, submit, msgId);
        return new CmppSubmitResp { SequenceId = submit.SequenceId, MsgId = msgId, Result = result };
    }

    private static uint Check(CmppIsmgAccount account, CmppSubmit submit)
    {
        if (submit.DestTerminalIds.Count is < 1 or > CmppSubmit.MaxDestinations || submit.DestTerminalIds.Any(string.IsNullOrEmpty))
            return CmppSubmitResult.InvalidDestTerminalId;
        if (submit.MsgContent.Length > CmppMsgFmt.MaxContentLength(submit.MsgFmt))
            return CmppSubmitResult.MessageTooLong;
        if (!string.Equals(submit.MsgSrc, account.SpId, StringComparison.Ordinal))
            return CmppSubmitResult.InvalidMsgSrc;
        if (submit.PkNumber < 1 || submit.PkNumber > submit.PkTotal)
            return CmppSubmitResult.InvalidStructure;
        return CmppSubmitResult.Ok;
    }

    private async Task ReportLaterAsync(AccountState account, CmppSubmit submit, CmppMsgId msgId)
    {
        try
        {
            if (Options.ReportDelay > TimeSpan.Zero)
                await Task.Delay(Options.ReportDelay, Time, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var now = Time.GetLocalNow();
        var submitted = now - Options.ReportDelay;
        foreach (var dest in submit.DestTerminalIds)
        {
            var report = new CmppStatusReport(
                msgId,
                Options.ReportStat,
                submitted.ToString("yyMMddHHmm", CultureInfo.InvariantCulture),
                now.ToString("yyMMddHHmm", CultureInfo.InvariantCulture),
                dest,
                (uint)Interlocked.Increment(ref _smscSequence));
            Deliver(account, new PendingDeliver(report, null) { SrcId = submit.SrcId, ServiceId = submit.ServiceId });
        }
    }

    /// <summary>Delivers again, after the report delay, a DELIVER the SP answered with a non-zero Result.</summary>
    internal async Task RedeliverLaterAsync(AccountState account, PendingDeliver deliver)
    {
        try
        {
            await Task.Delay(Options.ReportDelay > TimeSpan.Zero ? Options.ReportDelay : TimeSpan.FromMilliseconds(10), Time, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        Deliver(account, deliver);
    }

    /// <summary>Hands a DELIVER to an open link of the account, or keeps it for the next one.</summary>
    internal void Deliver(AccountState account, PendingDeliver deliver)
    {
        foreach (var session in account.Snapshot())
        {
            if (session.TrySend(deliver))
                return;
        }
        account.Pending.Enqueue(deliver);
        // A link may have opened (and drained the queue) between the two steps above.
        foreach (var session in account.Snapshot())
            session.DrainPending();
    }

    internal CmppMsgId NextMsgId() =>
        CmppMsgId.Create(Time.GetLocalNow().DateTime, Options.GatewayCode, (ushort)Interlocked.Increment(ref _msgSequence));

    internal void Sent(PendingDeliver deliver)
    {
        if (deliver.Report is not null)
            Interlocked.Increment(ref _reportsSent);
        else
            Interlocked.Increment(ref _mosSent);
    }

    internal void DeliverAcknowledged(CmppDeliverResp resp) => _deliverResps.Enqueue(resp);

    internal void ActiveTestReceived() => Interlocked.Increment(ref _activeTests);

    internal void UnknownCommandReceived() => Interlocked.Increment(ref _unknownCommands);

    internal void ActiveTestRespReceived() => Interlocked.Increment(ref _activeTestResps);

    internal void TerminateReceived() => Interlocked.Increment(ref _terminates);

    internal void Dropped() => Interlocked.Increment(ref _drops);

    /// <summary>Per-account state: the open links, undelivered reports and MO, and the flow-control window.</summary>
    internal sealed class AccountState(CmppIsmgAccount account)
    {
        private readonly Lock _gate = new();
        private readonly List<CmppIsmgSession> _sessions = [];
        private long _windowStart;
        private int _windowCount;

        public CmppIsmgAccount Account { get; } = account;

        private long _accepted;

        public ConcurrentQueue<PendingDeliver> Pending { get; } = new();

        /// <summary>SUBMITs accepted for this account (CMPP_QUERY's MT_TLMsg).</summary>
        public long Accepted => Interlocked.Read(ref _accepted);

        public void CountAccepted() => Interlocked.Increment(ref _accepted);

        public int SessionCount
        {
            get
            {
                lock (_gate)
                    return _sessions.Count;
            }
        }

        public void Add(CmppIsmgSession session)
        {
            lock (_gate)
                _sessions.Add(session);
        }

        public void Remove(CmppIsmgSession session)
        {
            lock (_gate)
                _sessions.Remove(session);
        }

        public CmppIsmgSession[] Snapshot()
        {
            lock (_gate)
                return [.. _sessions];
        }

        /// <summary>True when this SUBMIT goes above <paramref name="rate"/> in the current one-second window.</summary>
        public bool Throttle(int rate, TimeProvider time)
        {
            if (rate <= 0)
                return false;
            lock (_gate)
            {
                var now = time.GetTimestamp();
                if (_windowStart == 0 || time.GetElapsedTime(_windowStart, now) >= TimeSpan.FromSeconds(1))
                {
                    _windowStart = now;
                    _windowCount = 0;
                }
                return ++_windowCount > rate;
            }
        }
    }
}

/// <summary>A status report or an MO message waiting to be sent (and acknowledged) on a link of its account.</summary>
internal sealed record PendingDeliver(CmppStatusReport? Report, CmppMoMessage? Mo)
{
    /// <summary>For a report: the Src_Id of the SUBMIT, which becomes the DELIVER's Dest_Id.</summary>
    public string SrcId { get; init; } = string.Empty;

    public string ServiceId { get; init; } = string.Empty;

    public CmppDeliver Build(CmppVersion version, CmppMsgId msgId, uint sequenceId)
    {
        if (Report is not null)
            return CmppDeliver.ForReport(Report, version, msgId, SrcId, ServiceId, sequenceId);
        var mo = Mo!;
        return new CmppDeliver
        {
            SequenceId = sequenceId,
            MsgId = msgId,
            DestId = mo.DestId,
            ServiceId = mo.ServiceId,
            TpUdhi = mo.TpUdhi,
            MsgFmt = mo.MsgFmt,
            SrcTerminalId = mo.SrcTerminalId,
            MsgContent = mo.Content,
        };
    }
}
