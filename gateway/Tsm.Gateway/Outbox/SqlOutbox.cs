using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Outbox;

/// <summary>
/// An outbox table on the platform database, either profile (docs/storage.md), as the base of the store that owns the
/// _table. Claiming selects due rows in <c>NextAttemptAt</c> order and leases them in one transaction; on PostgreSQL
/// the rows are locked with <c>FOR UPDATE SKIP LOCKED</c>, so several silos share one outbox and never claim a row twice.
/// </summary>
public abstract partial class SqlOutbox<TItem> : IOutboxStore<TItem>
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

        var reference = _table.ReferenceColumn is { } column ? $", {column} = COALESCE(@Reference, {column})" : "";
        if (_table.ScopeColumn is { } scopeColumn)
            reference += $", {scopeColumn} = COALESCE(@Scope, {scopeColumn})";
        var record = $"""
            UPDATE {_table.Name} SET State = @State, NextAttemptAt = @NextAttemptAt{reference}, Detail = @Detail, UpdatedAt = @Now
            WHERE {_table.KeyColumn} = @Key AND State = @Leased;
            """;
        if (connection.CanCreateBatch)
        {
            // PostgreSQL: the group's updates go in one round trip (a batch), not one each, so the transaction (and the
            // receipt lock it may hold, PushStore.ReceiptLock) is short however large the group.
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var outcome in outcomes)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = record;
                command.AddParameter("@Key", outcome.Key);
                command.AddParameter("@State", outcome.State);
                command.AddParameter("@NextAttemptAt", outcome.NextAttemptAt.UtcTicks);
                command.AddParameter("@Detail", outcome.Detail);
                if (_table.ReferenceColumn is not null)
                    command.AddParameter("@Reference", outcome.Reference);
                if (_table.ScopeColumn is not null)
                    command.AddParameter("@Scope", outcome.Scope);
                command.AddParameter("@Leased", _table.States.Leased);
                command.AddParameter("@Now", now.UtcTicks);
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            // SQLite: in process, a prepared statement per row costs no round trip.
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = record;
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
        if (referenced.Count > 0 && _table.AfterRecord is { } after)
        {
            var keys = await AfterRecordKeysAsync(transaction, outcomes, referenced, cancellationToken);
            // The per-outcome statements of many keys in one command (one round trip on PostgreSQL), in the group's order.
            foreach (var chunk in keys.Chunk(AfterRecordChunk))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                var text = new System.Text.StringBuilder();
                for (var i = 0; i < chunk.Length; i++)
                {
                    var name = "@Key" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    text.AppendLine(KeyParameter().Replace(after, name));
                    command.AddParameter(name, chunk[i]);
                }
                command.CommandText = text.ToString();
                command.AddParameter("@Now", now.UtcTicks);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Keys whose <see cref="OutboxTable{TItem}.AfterRecord"/> statements go in one command.</summary>
    private const int AfterRecordChunk = 128;

    [System.Text.RegularExpressions.GeneratedRegex(@"@Key\b")]
    private static partial System.Text.RegularExpressions.Regex KeyParameter();

    /// <summary>
    /// The keys, in the group's order, whose <see cref="OutboxTable{TItem}.AfterRecord"/> may change anything: all of
    /// <paramref name="referenced"/> without <see cref="OutboxTable{TItem}.AfterRecordNeeded"/>; else those it names,
    /// with every other key of the group that shares a reference and scope with one of them (what one key's statements
    /// change can concern only those, so they run as they would for the whole group).
    /// </summary>
    private async Task<IReadOnlyList<string>> AfterRecordKeysAsync(
        System.Data.Common.DbTransaction transaction, IReadOnlyCollection<OutboxOutcome> outcomes, IReadOnlyList<string> referenced,
        CancellationToken cancellationToken)
    {
        if (_table.AfterRecordNeeded is not { } needed)
            return referenced;
        var named = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = transaction.Connection!.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = needed.Replace("{Keys}", KeyList(command, referenced), StringComparison.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                named.Add(reader.GetString(0));
        }
        if (named.Count == 0)
            return [];
        var byKey = outcomes.Where(o => o.Reference is not null).GroupBy(o => o.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var related = named.Where(byKey.ContainsKey).Select(k => (byKey[k].Reference, byKey[k].Scope)).ToHashSet();
        return [.. referenced.Where(k => named.Contains(k) || related.Contains((byKey[k].Reference, byKey[k].Scope)))];
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
