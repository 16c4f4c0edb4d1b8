using System.Data.Common;

namespace Tsm.Gateway.Outbox;

/// <summary>
/// How an outbox table is laid out for <see cref="SqlOutbox{TItem}"/>. The table has the columns
/// <c>State</c>, <c>Attempts</c>, <c>NextAttemptAt</c> (UTC ticks: when due, or when a lease runs out),
/// <c>UpdatedAt</c> and <c>Detail</c>, a key column, and an index on <c>(State, NextAttemptAt)</c>.
/// </summary>
public sealed record OutboxTable<TItem>
{
    /// <summary>The table, as named in the schema scripts.</summary>
    public required string Name { get; init; }

    public required string KeyColumn { get; init; }

    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public required string Columns { get; init; }

    public required Func<DbDataReader, TItem> Read { get; init; }

    public required OutboxStates States { get; init; }

    /// <summary>The column an outcome's reference is kept in (kept when an outcome has none); none when null.</summary>
    public string? ReferenceColumn { get; init; }

    /// <summary>The column an outcome's scope is kept in (kept when an outcome has none); none when null.</summary>
    public string? ScopeColumn { get; init; }

    /// <summary>SQL run first in the claiming transaction, with <c>@Now</c> (rows past their validity, say).</summary>
    public string? BeforeTake { get; init; }

    /// <summary>SQL run first in the recording transaction, without parameters (a lock the table's other writers take too, say).</summary>
    public string? BeforeRecord { get; init; }

    /// <summary>
    /// SQL run once in the recording transaction over the outcomes with a reference, before <see cref="AfterRecord"/>:
    /// <c>{Keys}</c> stands for their keys' list (for an <c>IN (…)</c>), <c>@Now</c> for the time.
    /// </summary>
    public string? AfterRecordAll { get; init; }

    /// <summary>
    /// SQL run in the recording transaction for each outcome with a reference, with <c>@Key</c> and <c>@Now</c> (the
    /// statements of many keys go in one command, <c>@Key</c> renamed for each); only for the keys
    /// <see cref="AfterRecordNeeded"/> names and those sharing their reference and scope, if it is given.
    /// </summary>
    public string? AfterRecord { get; init; }

    /// <summary>
    /// A query over <c>{Keys}</c> (as in <see cref="AfterRecordAll"/>) that returns the keys (first column) for which
    /// <see cref="AfterRecord"/> would change anything: when it returns none, the per-outcome statements are skipped.
    /// </summary>
    public string? AfterRecordNeeded { get; init; }
}
