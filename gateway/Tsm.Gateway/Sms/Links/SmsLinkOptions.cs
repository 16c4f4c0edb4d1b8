namespace Tsm.Gateway.Sms.Links;

/// <summary>Protocol-neutral settings of the links of one account. Protocol options (SMPP, CMPP) map onto these.</summary>
public sealed record SmsLinkOptions
{
    /// <summary>Host of the SMSC or ISMG.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; }

    /// <summary>Connections (each bound separately) the account keeps open.</summary>
    public int Links { get; init; } = 1;

    /// <summary>Most requests sent and not yet answered, per link.</summary>
    public int Window { get; init; } = 50;

    /// <summary>Requests per second over all links of the account; 0 = unlimited.</summary>
    public double RatePerSecond { get; init; }

    /// <summary>How long a response may take before the request is re-sent (or failed after <see cref="MaxAttempts"/>).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sends per request, the first included, before it fails with <see cref="SmsLinkException"/> (timeouts and disconnects count).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Idle time after which a keep-alive is sent.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Unanswered keep-alives in a row after which the connection is closed and re-opened.</summary>
    public int KeepAliveMaxMisses { get; init; } = 1;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait before reconnecting; doubled after each failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a link stops sending after a throttling answer.</summary>
    public TimeSpan ThrottlePause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a graceful close waits for outstanding responses and for the close response.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What happens to requests in flight when a connection drops ("in doubt": the peer may have them). True
    /// (at-least-once): they are sent again, so the peer may see duplicates. False: they fail with <see cref="SmsLinkException"/>.
    /// </summary>
    public bool ResendInDoubt { get; init; } = true;

    /// <summary>Socket buffer size for reads and the writer's minimum segment (one write per flush of every ready PDU).</summary>
    public int BufferSize { get; init; } = 64 * 1024;

    /// <summary>Checks the values; returns the problems found.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
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
            yield return $"{prefix}:KeepAliveInterval must be positive.";
        if (KeepAliveMaxMisses < 1)
            yield return $"{prefix}:KeepAliveMaxMisses must be 1 or more.";
        if (ReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay)
            yield return $"{prefix}:ReconnectDelay must be positive and MaxReconnectDelay at least as long.";
        if (ThrottlePause < TimeSpan.Zero)
            yield return $"{prefix}:ThrottlePause must not be negative.";
    }
}
