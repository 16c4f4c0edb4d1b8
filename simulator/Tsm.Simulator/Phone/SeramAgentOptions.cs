using Tsm.Protocol.Seram;

namespace Tsm.Simulator.Phone;

/// <summary>
/// Timing and identity of a <see cref="SeramLocalAgent"/>. The defaults are the SERAM HTTP REST binding's
/// (docs/wallet-protocol.md "SERAM as used here"): 1 s pause when an order gives no delay, 40 s per response, retries for 5 minutes. Tests shrink them.
/// </summary>
public sealed record SeramAgentOptions
{
    /// <summary>Pause before the next request when the order carries no <c>delay</c>.</summary>
    public TimeSpan DefaultDelay { get; init; } = SeramConstants.DefaultPollingDelay;

    /// <summary>Longest pause honoured, whatever the order's <c>delay</c> says.</summary>
    public TimeSpan MaxDelay { get; init; } = SeramConstants.MaxLongPoll;

    /// <summary>A request unanswered for this long is dropped and sent again (the server may long-poll up to 30 s).</summary>
    public TimeSpan ResponseTimeout { get; init; } = SeramConstants.ResponseTimeout;

    /// <summary>How long to keep retrying a request the server does not answer before giving up.</summary>
    public TimeSpan RetryWindow { get; init; } = SeramConstants.RetryWindow;

    /// <summary>Pause between retries of an unanswered request.</summary>
    public TimeSpan RetryPause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Safety bound on the number of reports in one session.</summary>
    public int MaxExchanges { get; init; } = 10_000;

    /// <summary>What the handshake offers for the SE.</summary>
    public SeType SeType { get; init; } = SeType.Ese;

    public string? SeExtraInfo { get; init; }

    /// <summary>Power the SE before an SE RAM command when it is off (a phone's SE access API does so after a power loss).</summary>
    public bool PowerOnWhenNeeded { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called for every step (handshake, order, notification, report, retry, stop), e.g. to print it.</summary>
    public Action<SeramStep>? OnStep { get; init; }
}

public enum SeramStepKind
{
    Handshake,
    Order,
    Notification,
    Report,
    Retry,
    Stop,
    Error,
}

/// <summary>One thing the agent did, for display.</summary>
public sealed record SeramStep(SeramStepKind Kind, string Detail);

/// <summary>How a SERAM session ended.</summary>
public enum SeramSessionOutcome
{
    /// <summary>The server sent stopCommand.</summary>
    Completed,

    /// <summary>Handshake 406: the server serves nothing we offered.</summary>
    HandshakeRejected,

    /// <summary>404: the server does not know the sessionId.</summary>
    SessionNotFound,

    /// <summary>Another HTTP error status.</summary>
    ServerError,

    /// <summary>No answer within the retry window.</summary>
    Unreachable,

    /// <summary>The server's answer is not valid SERAM.</summary>
    ProtocolError,

    /// <summary><see cref="SeramAgentOptions.MaxExchanges"/> reports were sent without a stopCommand.</summary>
    TooManyExchanges,
}

/// <summary>The result of <see cref="SeramLocalAgent.RunAsync"/>: the outcome and everything exchanged.</summary>
public sealed record SeramSessionResult
{
    public required SeramSessionOutcome Outcome { get; init; }

    /// <summary>Why the session did not complete (HTTP status, parse error, last transport error).</summary>
    public string? Detail { get; init; }

    public HandshakeResponse? Handshake { get; init; }

    /// <summary>Every report sent, in order (the first is the void POLLING report).</summary>
    public IReadOnlyList<RemoteManagementReport> Reports { get; init; } = [];

    /// <summary>Every order received, in order.</summary>
    public IReadOnlyList<RemoteManagementOrder> Orders { get; init; } = [];

    public IReadOnlyList<string> Notifications { get; init; } = [];

    public bool IsCompleted => Outcome == SeramSessionOutcome.Completed;
}

/// <summary>What one order did on the card: the report to send next, or <see cref="Stopped"/> when it ended the session.</summary>
public sealed record OrderExecution(RemoteManagementReport Report, bool Stopped, IReadOnlyList<string> Notifications);
