using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Simulator.Smsc.Smpp;

/// <summary>How the SMPP SMSC simulator behaves, faults included. Defaults: a well-behaved SMSC on 127.0.0.1:2775.</summary>
public sealed record SmppSmscOptions
{
    public const int DefaultPort = 2775;

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (see <see cref="SmppSmsc.Port"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>system_id → password. Empty: any system_id and password bind.</summary>
    public IReadOnlyDictionary<string, string> Accounts { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The system_id the SMSC gives in bind_*_resp.</summary>
    public string SystemId { get; init; } = "TSMSMSC";

    /// <summary>Send delivery receipts for submits that ask for one (registered_delivery bits 1-0 = 1).</summary>
    public bool Receipts { get; init; } = true;

    /// <summary>Time between a submit and its receipt.</summary>
    public TimeSpan ReceiptDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Write the receipt's text id in decimal while submit_sm_resp gives hex (as many SMSCs do).</summary>
    public bool ReceiptIdInDecimal { get; init; }

    /// <summary>Add receipted_message_id (0x001E) and message_state (0x0427) TLVs to receipts.</summary>
    public bool ReceiptTlvs { get; init; } = true;

    /// <summary>Destinations whose receipts say UNDELIV rather than DELIVRD.</summary>
    public IReadOnlySet<string> UndeliverableDestinations { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Answer ESME_RTHROTTLED to submits above this many per second (0: never).</summary>
    public int ThrottleAbove { get; init; }

    /// <summary>Drop the connection, without answering, at every Nth PDU received on bound sessions (0: never).</summary>
    public int DropEvery { get; init; }

    /// <summary>Wait this long before answering each request of a bound session (binds are answered at once).</summary>
    public TimeSpan ResponseDelay { get; init; }

    /// <summary>Refuse every bind with <see cref="RefuseBindStatus"/>.</summary>
    public bool RefuseBinds { get; init; }

    public uint RefuseBindStatus { get; init; } = SmppStatus.RBINDFAIL;

    /// <summary>Keep every submit in <see cref="SmppSmsc.Submits"/> (turn off for throughput runs).</summary>
    public bool RecordSubmits { get; init; } = true;

    /// <summary>How long the SMSC waits for a deliver_sm_resp before trying again.</summary>
    public TimeSpan DeliverTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The pause before delivering a receipt or MO message again after an error status (ESME_RX_T_APPN…), a timeout or a
    /// dropped session; it doubles per try up to <see cref="DeliverMaxRetryPause"/>. A message waits for a bound receiver
    /// without counting tries, and is given up once <see cref="DeliverGiveUpAfter"/> has passed since its first try.
    /// </summary>
    public TimeSpan DeliverRetryPause { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan DeliverMaxRetryPause { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a receipt or MO message is tried for (as an SMSC keeps it for its validity period).</summary>
    public TimeSpan DeliverGiveUpAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Message ids are <c>prefix</c> then the message number as 8 hex digits. Null: a random 4-digit prefix per run, so
    /// two runs do not reuse ids; empty: none, so a restarted SMSC gives its ids again from <see cref="FirstMessageNumber"/>.
    /// </summary>
    public string? MessageIdPrefix { get; init; }

    public long FirstMessageNumber { get; init; } = 1;

    /// <summary>The last message number before the counter wraps to 1 (0: never).</summary>
    public long MessageNumberWrap { get; init; }

    public int MaxPduLength { get; init; } = SmppCodec.DefaultMaxPduLength;

    /// <summary>SMPP 3.4 §7.2 session_init_timer: a connection not bound this long after it opened is closed.</summary>
    public TimeSpan SessionInitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where accepted MT messages go over the air (null: nowhere, as in throughput runs).</summary>
    public Handsets? Handsets { get; init; }
}

/// <summary>A submit the SMSC accepted (or throttled), for tests to inspect.</summary>
/// <param name="SystemId">The ESME's system_id.</param>
/// <param name="MessageId">The id given in the response (empty when refused).</param>
/// <param name="Status">The status answered.</param>
/// <param name="Pdu">The submit_sm, data_sm or submit_multi as received.</param>
public sealed record ReceivedSubmit(string SystemId, string MessageId, uint Status, SmppPdu Pdu);

/// <summary>One bind attempt and its answer. The password is not kept.</summary>
public sealed record BindAttempt(string SystemId, SmppBindMode Mode, uint Status);
