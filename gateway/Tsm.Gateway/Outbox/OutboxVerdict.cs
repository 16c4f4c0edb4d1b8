namespace Tsm.Gateway.Outbox;

/// <summary>How one send went, as the sender delegate tells the <see cref="OutboxWorker{TItem}"/>.</summary>
public enum OutboxVerdict
{
    /// <summary>The peer took it: done.</summary>
    Done,

    /// <summary>No answer, or a passing failure: sent again after the back-off pause, until the attempts run out.</summary>
    Retry,

    /// <summary>The peer refused it for good (or it can no longer be sent): given up now.</summary>
    Refused,
}
