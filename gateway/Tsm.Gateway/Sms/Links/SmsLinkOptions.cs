namespace Tsm.Gateway.Sms.Links;

/// <summary>
/// The settings of one SMS account's links, whatever its protocol — where the SMSC or ISMG is, the links and their
/// window, rate, time-outs, reconnect back-off and in-doubt re-sends. SMPP and CMPP accounts derive from it and are
/// bound from one account entry each (<c>Sms:Smpp:Accounts:N</c>, <c>Sms:Cmpp:Accounts:N</c>; docs/sms.md), with
/// their own defaults, their keep-alive under the protocol's key, and their own keys checked.
/// </summary>
public abstract class SmsLinkOptions
{
    protected SmsLinkOptions(int port, int window, TimeSpan responseTimeout)
    {
        Port = port;
        Window = window;
        ResponseTimeout = responseTimeout;
    }

    /// <summary>The account's name, unique among the SMS accounts (logs, <see cref="SmsSenders"/>).</summary>
    public string Name { get; set; } = "";

    /// <summary>Host of the SMSC or ISMG.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; }

    /// <summary>Connections (each bound separately) the account keeps open; a request goes out on whichever has a free window slot.</summary>
    public int Links { get; set; } = 1;

    /// <summary>Most requests sent and not yet answered, per link.</summary>
    public int Window { get; set; }

    /// <summary>Requests per second over all links of the account; 0 = unlimited.</summary>
    public double RatePerSecond { get; set; }

    /// <summary>How long a response may take before the request is re-sent (or failed after <see cref="MaxAttempts"/>); the handshake's too.</summary>
    public TimeSpan ResponseTimeout { get; set; }

    /// <summary>Sends per request, the first included, before it fails with <see cref="SmsLinkException"/> (timeouts and disconnects count, throttling does not).</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait before reconnecting; doubled after each failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a link stops sending after a throttling answer (the request is re-queued).</summary>
    public TimeSpan ThrottlePause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a graceful close waits for outstanding responses and for the close response.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What happens to requests in flight when a connection drops ("in doubt": the peer may have them). True
    /// (at-least-once): they are sent again, so the peer may see duplicates. False: they fail with <see cref="SmsLinkException"/>.
    /// </summary>
    public bool ResendInDoubt { get; set; } = true;

    /// <summary>
    /// Receipts and MO messages of one link handled at once: each is answered once it is stored, and the link reads on
    /// meanwhile, so that the stores commit many together (docs/push-sms.md, "Batching").
    /// </summary>
    public int InboundWindow { get; set; } = 256;

    /// <summary>Socket buffer size for reads and the writer's minimum segment (one write per flush of every ready PDU).</summary>
    public int BufferSize { get; init; } = 64 * 1024;

    /// <summary>Idle time after which a keep-alive is sent (the protocol's key: <see cref="KeepAliveKey"/>).</summary>
    public abstract TimeSpan KeepAliveInterval { get; }

    /// <summary>Unanswered keep-alives in a row after which the connection is closed and re-opened.</summary>
    public abstract int KeepAliveMaxMisses { get; }

    /// <summary>The protocol's configuration key for <see cref="KeepAliveInterval"/> ("EnquireLinkInterval", "ActiveTestInterval").</summary>
    protected abstract string KeepAliveKey { get; }

    /// <summary>The problems with these settings, named under <paramref name="prefix"/> (empty when valid). Never includes a password or secret.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Name))
            yield return $"{prefix}:Name is required.";
        foreach (var problem in ValidateProtocol(prefix))
            yield return problem;
        if (string.IsNullOrWhiteSpace(Host))
            yield return $"{prefix}:Host is required.";
        if (Port is < 1 or > 65535)
            yield return $"{prefix}:Port must be 1..65535.";
        if (Links is < 1 or > 64)
            yield return $"{prefix}:Links must be 1..64.";
        if (Window is < 1 or > 10_000)
            yield return $"{prefix}:Window must be 1..10000.";
        if (RatePerSecond < 0)
            yield return $"{prefix}:RatePerSecond must be 0 (unlimited) or more.";
        if (ResponseTimeout <= TimeSpan.Zero)
            yield return $"{prefix}:ResponseTimeout must be positive.";
        if (MaxAttempts < 1)
            yield return $"{prefix}:MaxAttempts must be 1 or more.";
        if (KeepAliveInterval <= TimeSpan.Zero)
            yield return $"{prefix}:{KeepAliveKey} must be positive.";
        if (ReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay)
            yield return $"{prefix}:ReconnectDelay must be positive and MaxReconnectDelay at least as long.";
        if (ThrottlePause < TimeSpan.Zero)
            yield return $"{prefix}:ThrottlePause must not be negative.";
    }

    /// <summary>The problems with the protocol's own keys.</summary>
    protected abstract IEnumerable<string> ValidateProtocol(string prefix);
}
