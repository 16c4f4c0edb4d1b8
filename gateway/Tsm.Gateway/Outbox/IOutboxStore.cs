namespace Tsm.Gateway.Outbox;

/// <summary>
/// A durable outbox table: rows are claimed in batches under a lease and their outcomes recorded. A row whose
/// outcome is never recorded (the worker died mid-send) is in doubt: it is due again once its lease has run out.
/// </summary>
public interface IOutboxStore<TItem>
    where TItem : IOutboxItem
{
    /// <summary>The table's state names.</summary>
    OutboxStates States { get; }

    /// <summary>
    /// Claims up to <paramref name="max"/> due rows — waiting and due, or leased with the lease run out (in doubt) —
    /// counting the attempt and leasing them until <paramref name="leaseUntil"/>, in one transaction; rows other
    /// workers hold are skipped. Returns them as claimed.
    /// </summary>
    Task<IReadOnlyList<TItem>> TakeDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Records the outcomes of a batch in one transaction (a row no longer leased keeps what it has).</summary>
    Task RecordAsync(IReadOnlyCollection<OutboxOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default);
}
