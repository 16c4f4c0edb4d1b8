namespace Tsm.Gateway.Sms.Links;

/// <summary>
/// The settings every SMS account has whatever its protocol — where the SMSC or ISMG is, the links and their window,
/// rate, time-outs, reconnect back-off and in-doubt re-sends — bound with the protocol's own keys from the same
/// account entry (<c>Sms:Smpp:Accounts:N</c>, <c>Sms:Cmpp:Accounts:N</c>; docs/sms.md) and mapped onto
/// <see cref="SmsLinkOptions"/> once. A protocol gives its defaults and its keep-alive, and checks its own keys.
/// </summary>
public abstract class SmsAccountOptions
{
    protected SmsAccountOptions(int port, int window, TimeSpan responseTimeout)
    {
        Port = port;
        Window = window;
        ResponseTimeout = responseTimeout;
    }

    /// <summary>The account's name, unique among the accounts of its protocol (logs, <see cref="SmsSenders"/>).</summary>
    public string Name { get; set; } = "";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; }

    /// <summary>Connections kept open (each bound separately); requests go out on whichever has a free window slot.</summary>
    public int Links { get; set; } = 1;

    /// <summary>Requests sent and not yet answered, per link.</summary>
    public int Window { get; set; }

    /// <summary>Requests per second over all links of the account; 0 = unlimited.</summary>
    public double RatePerSecond { get; set; }

    /// <summary>How long any response may take before the request is re-sent (the handshake's too).</summary>
    public TimeSpan ResponseTimeout { get; set; }

    /// <summary>Sends of a request before it fails (time-outs and drops count, throttling does not).</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait before reconnecting; doubled after each failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a link stops sending after a throttling answer (the request is re-queued).</summary>
    public TimeSpan ThrottlePause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a graceful close waits for outstanding responses and the close's answer.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Re-send requests in flight when a link drops (at-least-once: the peer may see duplicates).</summary>
    public bool ResendInDoubt { get; set; } = true;

    /// <summary>The protocol's key for the idle time before a keep-alive ("EnquireLinkInterval", "ActiveTestInterval").</summary>
    protected abstract string KeepAliveKey { get; }

    /// <summary>The idle time before a keep-alive.</summary>
    protected abstract TimeSpan KeepAliveInterval { get; }

    /// <summary>Unanswered keep-alives in a row that close the link.</summary>
    protected abstract int KeepAliveMaxMisses { get; }

    /// <summary>The protocol-neutral link settings.</summary>
    public SmsLinkOptions ToLinkOptions() => new()
    {
        Host = Host,
        Port = Port,
        Links = Links,
        Window = Window,
        RatePerSecond = RatePerSecond,
        ResponseTimeout = ResponseTimeout,
        MaxAttempts = MaxAttempts,
        KeepAliveInterval = KeepAliveInterval,
        KeepAliveMaxMisses = KeepAliveMaxMisses,
        ConnectTimeout = ConnectTimeout,
        ReconnectDelay = ReconnectDelay,
        MaxReconnectDelay = MaxReconnectDelay,
        ThrottlePause = ThrottlePause,
        CloseTimeout = CloseTimeout,
        ResendInDoubt = ResendInDoubt,
    };

    /// <summary>The problems with this account's settings, named under <paramref name="prefix"/> (empty when valid). Never includes a password or secret.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Name))
            yield return $"{prefix}:Name is required.";
        foreach (var problem in ValidateProtocol(prefix))
            yield return problem;
        foreach (var problem in ToLinkOptions().Validate(prefix))
            yield return problem.Replace(":" + nameof(SmsLinkOptions.KeepAliveInterval), ":" + KeepAliveKey, StringComparison.Ordinal);
    }

    /// <summary>The problems with the protocol's own keys.</summary>
    protected abstract IEnumerable<string> ValidateProtocol(string prefix);
}
