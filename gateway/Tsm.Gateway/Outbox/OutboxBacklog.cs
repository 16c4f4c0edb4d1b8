namespace Tsm.Gateway.Outbox;

/// <summary>The rows of an outbox still to deliver, and how long the most overdue one has been due.</summary>
/// <param name="Waiting">Rows pending or leased.</param>
/// <param name="OldestDueFor">How long the oldest due row has been waiting past its due time (zero when none is due).</param>
public sealed record OutboxBacklog(long Waiting, TimeSpan OldestDueFor);
