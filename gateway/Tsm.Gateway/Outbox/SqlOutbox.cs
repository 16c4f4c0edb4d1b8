using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Outbox;

/// <summary>
/// An outbox table on the platform database, either profile (docs/storage.md), as the base of the store that owns the
/// _table. Claiming selects due rows in <c>NextAttemptAt</c> order and leases them in one transaction; on PostgreSQL
/// the rows are locked with <c>FOR UPDATE SKIP LOCKED</c>, so several silos share one outbox and never claim a row twice.
/// </summary>
public abstract class SqlOutbox<TItem> : IOutboxStore<TItem>
    where TItem : IOutboxItem
{
    private readonly OutboxTable<TItem> _table;

    protected SqlOutbox(IPlatformDatabase database, OutboxTable<TItem> table)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(table);
        Database = database;
        _table = table;
    }

    public OutboxStates States => _table.States;

    protected IPlatformDatabase Database { get; }

    public async Task<IReadOnlyList<TItem>> TakeDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        using var gate = await SqliteWriteGate.EnterAsync(Database, cancellationToken);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (_table.BeforeTake is { } before)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = before;
            command.AddParameter("@Now", now.UtcTicks);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var keys = new List<string>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"""
                SELECT {_table.KeyColumn} FROM {_table.Name}
                WHERE State IN (@Pending, @Leased) AND NextAttemptAt <= @Now
                ORDER BY NextAttemptAt LIMIT @Max
                """ + (Database.Dialect == SqlDialect.PostgreSql ? " FOR UPDATE SKIP LOCKED;" : ";");
            select.AddParameter("@Pending", _table.States.Pending);
            select.AddParameter("@Leased", _table.States.Leased);
            select.AddParameter("@Now", now.UtcTicks);
            select.AddParameter("@Max", max);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                keys.Add(reader.GetString(0));
        }

        // One statement leases the whole batch; the rows come back in the order they were due.
        var taken = new Dictionary<string, TItem>(keys.Count, StringComparer.Ordinal);
        if (keys.Count > 0)
        {
            await using var lease = connection.CreateCommand();
            lease.Transaction = transaction;
            lease.CommandText = $"""
                UPDATE {_table.Name} SET State = @Leased, Attempts = Attempts + 1, NextAttemptAt = @LeaseUntil, UpdatedAt = @Now
                WHERE {_table.KeyColumn} IN ({KeyList(lease, keys)})
                RETURNING {_table.Columns};
                """;
            lease.AddParameter("@Leased", _table.States.Leased);
            lease.AddParameter("@LeaseUntil", leaseUntil.UtcTicks);
            lease.AddParameter("@Now", now.UtcTicks);
            await using var reader = await lease.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var item = _table.Read(reader);
                taken[item.Key] = item;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. keys.Where(taken.ContainsKey).Select(k => taken[k])];
    }

    /// <summary>The rows still to deliver (pending or leased) and how long the most overdue of them has been due.</summary>
    public async Task<OutboxBacklog> BacklogAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*), MIN(NextAttemptAt) FROM {_table.Name} WHERE State IN (@Pending, @Leased);";
        command.AddParameter("@Pending", _table.States.Pending);
        command.AddParameter("@Leased", _table.States.Leased);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return new OutboxBacklog(0, TimeSpan.Zero);
        var waiting = reader.GetInt64(0);
        if (waiting == 0 || reader.IsDBNull(1))
            return new OutboxBacklog(waiting, TimeSpan.Zero);
        var oldestDue = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
        return new OutboxBacklog(waiting, oldestDue < now ? now - oldestDue : TimeSpan.Zero);
    }

    public async Task RecordAsync(IReadOnlyCollection<OutboxOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return;
        using var gate = await SqliteWriteGate.EnterAsync(Database, cancellationToken);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (_table.BeforeRecord is { } before)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = before;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            var reference = _table.ReferenceColumn is { } column ? $", {column} = COALESCE(@Reference, {column})" : "";
            if (_table.ScopeColumn is { } scopeColumn)
                reference += $", {scopeColumn} = COALESCE(@Scope, {scopeColumn})";
            command.CommandText = $"""
                UPDATE {_table.Name} SET State = @State, NextAttemptAt = @NextAttemptAt{reference}, Detail = @Detail, UpdatedAt = @Now
                WHERE {_table.KeyColumn} = @Key AND State = @Leased;
                """;
            var key = command.AddParameter("@Key");
            var state = command.AddParameter("@State");
            var next = command.AddParameter("@NextAttemptAt");
            var detail = command.AddParameter("@Detail");
            var referenceValue = _table.ReferenceColumn is null ? null : command.AddParameter("@Reference");
            var scopeValue = _table.ScopeColumn is null ? null : command.AddParameter("@Scope");
            command.AddParameter("@Leased", _table.States.Leased);
            command.AddParameter("@Now", now.UtcTicks);
            foreach (var outcome in outcomes)
            {
                key.Value = outcome.Key;
                state.Value = outcome.State;
                next.Value = outcome.NextAttemptAt.UtcTicks;
                detail.Value = (object?)outcome.Detail ?? DBNull.Value;
                if (referenceValue is not null)
                    referenceValue.Value = (object?)outcome.Reference ?? DBNull.Value;
                if (scopeValue is not null)
                    scopeValue.Value = (object?)outcome.Scope ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var referenced = outcomes.Where(o => o.Reference is not null).Select(o => o.Key).ToList();
        if (referenced.Count > 0 && _table.AfterRecordAll is { } all)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = all.Replace("{Keys}", KeyList(command, referenced), StringComparison.Ordinal);
            command.AddParameter("@Now", now.UtcTicks);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (referenced.Count > 0 && _table.AfterRecord is { } after && await AfterRecordNeededAsync(transaction, referenced, cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = after;
            var key = command.AddParameter("@Key");
            command.AddParameter("@Now", now.UtcTicks);
            foreach (var k in referenced)
            {
                key.Value = k;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Whether any of <paramref name="keys"/> needs <see cref="OutboxTable{TItem}.AfterRecord"/> (always, without <see cref="OutboxTable{TItem}.AfterRecordNeeded"/>).</summary>
    private async Task<bool> AfterRecordNeededAsync(System.Data.Common.DbTransaction transaction, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (_table.AfterRecordNeeded is not { } needed)
            return true;
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = needed.Replace("{Keys}", KeyList(command, keys), StringComparison.Ordinal);
        return await command.ExecuteScalarAsync(cancellationToken) is not null and not DBNull;
    }

    /// <summary>Adds one parameter per key (<c>@K0</c>, <c>@K1</c>…) and returns the list for an <c>IN (…)</c>.</summary>
    private static string KeyList(System.Data.Common.DbCommand command, IReadOnlyList<string> keys)
    {
        var list = new System.Text.StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            var name = "@K" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            list.Append(i == 0 ? "" : ", ").Append(name);
            command.AddParameter(name, keys[i]);
        }
        return list.ToString();
    }
}
