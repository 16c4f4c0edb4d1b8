using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Simulator.Smsc.Cmpp;

/// <summary>An SP account the simulated ISMG accepts: SP_Id, shared secret and the highest CMPP version it may use.</summary>
public sealed record CmppIsmgAccount(string SpId, string SharedSecret, CmppVersion HighestVersion = CmppVersion.V30)
{
    /// <summary>Keeps the secret out of logs and test output.</summary>
    public override string ToString() => $"CmppIsmgAccount {{ SpId = {SpId}, HighestVersion = {HighestVersion.Display()} }}";
}

/// <summary>Configuration of the simulated CMPP ISMG (docs/sms.md "CMPP 2.0 / 3.0").</summary>
public sealed record CmppIsmgOptions
{
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (see <see cref="CmppIsmgSimulator.Endpoint"/>). The spec's long-connection port is 7890.</summary>
    public int Port { get; init; } = CmppHeader.LongConnectionPort;

    public IReadOnlyList<CmppIsmgAccount> Accounts { get; init; } = [];

    /// <summary>The 22-bit ISMG code stamped into every Msg_Id.</summary>
    public int GatewayCode { get; init; } = 0x2A5A5;

    /// <summary>Delay between a SUBMIT with Registered_Delivery 1 and its status report.</summary>
    public TimeSpan ReportDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Stat of the status reports (DELIVRD, or UNDELIV/EXPIRED... to test failures).</summary>
    public string ReportStat { get; init; } = CmppStat.Delivered;

    /// <summary>Send ACTIVE_TEST on a link idle this long; null: only answer the SP's.</summary>
    public TimeSpan? ActiveTestInterval { get; init; }

    /// <summary>
    /// How far a CONNECT's Timestamp may be from the ISMG's local time; a CONNECT outside it is refused with Status 3
    /// (authentication failed), so an AuthenticatorSource cannot be replayed later. Null: any time is accepted.
    /// </summary>
    public TimeSpan? ConnectTimestampSkew { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A link that has not sent a CONNECT this long after it opened is closed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep every accepted SUBMIT for <see cref="CmppIsmgSimulator.Submits"/>; benchmarks turn it off.</summary>
    public bool RecordSubmits { get; init; } = true;

    /// <summary>Faults to inject; they may be changed while the simulator runs.</summary>
    public CmppIsmgFaults Faults { get; init; } = new();

    /// <summary>Where accepted SUBMITs go over the air (null: nowhere, as in throughput runs).</summary>
    public Handsets? Handsets { get; init; }
}

/// <summary>Faults of the simulated ISMG. Each is read at the moment it applies, so tests may switch them mid-run.</summary>
public sealed class CmppIsmgFaults
{
    private volatile int _flowControlRate;
    private volatile int _dropEveryPdus;
    private long _responseDelayTicks;
    private long _refuseConnectStatus = -1;

    /// <summary>SUBMITs per second and account above which the ISMG answers Result 8 (flow control); 0: no limit.</summary>
    public int FlowControlRate
    {
        get => _flowControlRate;
        set => _flowControlRate = Math.Max(0, value);
    }

    /// <summary>Drop a connection (without answering) when it has received this many PDUs since it opened; 0: never.</summary>
    public int DropEveryPdus
    {
        get => _dropEveryPdus;
        set => _dropEveryPdus = Math.Max(0, value);
    }

    /// <summary>Hold every response this long before sending it.</summary>
    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _responseDelayTicks));
        set => Interlocked.Exchange(ref _responseDelayTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>Refuse every CONNECT with this Status (e.g. 5 other error); null: judge each CONNECT.</summary>
    public uint? RefuseConnectStatus
    {
        get => Interlocked.Read(ref _refuseConnectStatus) is var v and >= 0 ? (uint)v : null;
        set => Interlocked.Exchange(ref _refuseConnectStatus, value is { } s ? s : -1);
    }
}

/// <summary>A SUBMIT the ISMG received, with the Msg_Id and Result it answered.</summary>
public sealed record CmppReceivedSubmit(string SpId, CmppVersion Version, CmppSubmit Submit, CmppMsgId MsgId, uint Result);

/// <summary>A CONNECT the ISMG received and the Status it answered (the authenticator is not kept).</summary>
public sealed record CmppConnectAttempt(string SourceAddr, byte Version, uint Status);

/// <summary>An MO message to deliver to an SP.</summary>
public sealed record CmppMoMessage(string SrcTerminalId, string DestId, ReadOnlyMemory<byte> Content, byte MsgFmt = CmppMsgFmt.Binary, byte TpUdhi = 0, string ServiceId = "");
