using System.Data.Common;
using System.Text.Json;
using Tsm.Gateway.Storage;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Management;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Management.Batches;

/// <summary>
/// The SE batches (Sqlite/13-Batches.sql, PostgreSql/14-Batches.sql; docs/management/batches.md). Writes run serialized
/// under the catalogue's write lock, check the other batches' ranges and the registered SEs (SeBindings) in the same
/// transaction, and count a catalogue change.
/// </summary>
public sealed class BatchStore(IPlatformDatabase database, TimeProvider time)
{
    public async Task<IReadOnlyList<BatchRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return await ReadAllAsync(transaction, cancellationToken);
    }

    public async Task<BatchRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(b => b.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Adds a batch whose id is new and whose range overlaps no other batch's.</summary>
    public Task<BatchRecord> AddAsync(BatchDefinition definition, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return WriteAsync(async (transaction, all) =>
        {
            if (Find(all, definition.Batch.Id) is { } existing)
                throw new RefusedException(RefusalCode.BatchExists, $"Batch '{existing.Id}' exists already: change it with PUT, or choose another id.");
            BatchRules.RequireNoOverlap(definition.Batch, all.Select(b => b.Definition.Batch));
            var record = new BatchRecord(definition, actor, time.GetUtcNow());
            await using var insert = transaction.CreateCommand(
                "INSERT INTO SeBatches (Id, SeIdFrom, SeIdTo, Definition, ChangedBy, ChangedAt) VALUES (@Id, @From, @To, @Definition, @By, @At);");
            Fill(insert, record);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return record;
        }, cancellationToken);
    }

    /// <summary>Replaces a batch: its new range overlaps no other batch's and keeps every SE registered in its current range.</summary>
    public Task<BatchRecord> ReplaceAsync(BatchDefinition definition, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return WriteAsync(async (transaction, all) =>
        {
            var current = Find(all, definition.Batch.Id) ?? throw Unknown(definition.Batch.Id);
            definition = definition with { Batch = definition.Batch with { Id = current.Id } };
            BatchRules.RequireNoOverlap(definition.Batch, all.Select(b => b.Definition.Batch));
            var before = current.Definition.Batch;
            var after = definition.Batch;
            if (!before.SeIdFrom.Equals(after.SeIdFrom, StringComparison.OrdinalIgnoreCase) || !before.SeIdTo.Equals(after.SeIdTo, StringComparison.OrdinalIgnoreCase))
                BatchRules.RequireKeepsRegistered(after, await RegisteredOutsideAsync(transaction, before, after, cancellationToken));
            var record = new BatchRecord(definition, actor, time.GetUtcNow());
            await using var update = transaction.CreateCommand(
                "UPDATE SeBatches SET SeIdFrom = @From, SeIdTo = @To, Definition = @Definition, ChangedBy = @By, ChangedAt = @At WHERE Id = @Id;");
            Fill(update, record);
            await update.ExecuteNonQueryAsync(cancellationToken);
            return record;
        }, cancellationToken);
    }

    /// <summary>Deletes a batch that has no registered SE.</summary>
    public Task<BatchRecord> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(async (transaction, all) =>
        {
            var current = Find(all, id) ?? throw Unknown(id);
            var registered = await RegisteredInAsync(transaction, current.Definition.Batch, cancellationToken);
            BatchRules.RequireNoRegistered(current.Id, registered.Count);
            await using var delete = transaction.CreateCommand("DELETE FROM SeBatches WHERE Id = @Id;");
            delete.AddParameter("@Id", current.Id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            return current;
        }, cancellationToken);
    }

    /// <summary>
    /// Inserts the configured batches ("Catalogue:Batches") whose id the database lacks, never overwriting; one whose
    /// range is malformed or overlaps a stored batch is left out and reported in <paramref name="skipped"/>.
    /// </summary>
    public async Task<int> SeedAsync(IEnumerable<SeBatch> configured, Action<string, string>? skipped = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var inserted = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        var all = (await ReadAllAsync(transaction, cancellationToken)).ToList();
        foreach (var batch in configured.Where(b => !string.IsNullOrWhiteSpace(b.Id)))
        {
            if (Find(all, batch.Id) is not null)
                continue;
            var definition = BatchDefinition.FromConfiguration(batch with { SeIdFrom = batch.SeIdFrom.ToUpperInvariant(), SeIdTo = batch.SeIdTo.ToUpperInvariant() });
            if (BatchRules.RangeOf(definition.Batch, out var problem) is null)
            {
                skipped?.Invoke(batch.Id, problem);
                continue;
            }
            try
            {
                BatchRules.RequireNoOverlap(definition.Batch, all.Select(b => b.Definition.Batch));
            }
            catch (RefusedException e)
            {
                skipped?.Invoke(batch.Id, e.Message);
                continue;
            }
            var record = new BatchRecord(definition, "configuration", time.GetUtcNow());
            await using var insert = transaction.CreateCommand(
                "INSERT INTO SeBatches (Id, SeIdFrom, SeIdTo, Definition, ChangedBy, ChangedAt) VALUES (@Id, @From, @To, @Definition, @By, @At) ON CONFLICT (Id) DO NOTHING;");
            Fill(insert, record);
            inserted += await insert.ExecuteNonQueryAsync(cancellationToken);
            all.Add(record);
        }

        if (inserted > 0)
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>The engine's projection: every batch, with its preset AIDs, by id.</summary>
    public static async Task<IReadOnlyList<SeBatch>> ListForEngineAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Definition FROM SeBatches ORDER BY Id;";
        var batches = new List<SeBatch>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            batches.Add(Deserialize(reader.GetString(0)).ForEngine());
        return batches;
    }

    /// <summary>A stored definition (the Definition column).</summary>
    public static BatchDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize(json, BatchesJsonContext.Default.BatchDefinition)
        ?? throw new InvalidDataException("A stored SE batch is empty.");

    private async Task<BatchRecord> WriteAsync(Func<DbTransaction, IReadOnlyList<BatchRecord>, Task<BatchRecord>> change, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        var record = await change(transaction, await ReadAllAsync(transaction, cancellationToken));
        await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    private static BatchRecord? Find(IEnumerable<BatchRecord> all, string id) =>
        all.FirstOrDefault(b => b.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    private static RefusedException Unknown(string id) =>
        new(RefusalCode.UnknownBatch, $"No SE batch has id '{Api.Problems.Echo(id)}'.");

    private static async Task<IReadOnlyList<BatchRecord>> ReadAllAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand("SELECT Definition, ChangedBy, ChangedAt FROM SeBatches ORDER BY Id;");
        var records = new List<BatchRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            records.Add(new BatchRecord(Deserialize(reader.GetString(0)), reader.GetString(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero)));
        return records;
    }

    /// <summary>The registered SEs of <paramref name="batch"/>'s range (SeBindings), bounded: a refusal needs only a few.</summary>
    private static async Task<IReadOnlyList<string>> RegisteredInAsync(DbTransaction transaction, SeBatch batch, CancellationToken cancellationToken, string? outsideFrom = null, string? outsideTo = null)
    {
        var outside = outsideFrom is null ? "" : " AND (SeId < @NewFrom OR SeId > @NewTo)";
        await using var command = transaction.CreateCommand(
            $"SELECT SeId FROM SeBindings WHERE SeId >= @From AND SeId <= @To{outside} ORDER BY SeId LIMIT 100;");
        command.AddParameter("@From", batch.SeIdFrom.ToUpperInvariant());
        command.AddParameter("@To", batch.SeIdTo.ToUpperInvariant());
        if (outsideFrom is not null)
        {
            command.AddParameter("@NewFrom", outsideFrom);
            command.AddParameter("@NewTo", outsideTo);
        }
        var seIds = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            seIds.Add(reader.GetString(0));
        // Text order is not numeric order across lengths: only SEIDs of the range's own length belong to it.
        return [.. seIds.Where(s => s.Length == batch.SeIdFrom.Length)];
    }

    private static Task<IReadOnlyList<string>> RegisteredOutsideAsync(DbTransaction transaction, SeBatch before, SeBatch after, CancellationToken cancellationToken) =>
        before.SeIdFrom.Length == after.SeIdFrom.Length
            ? RegisteredInAsync(transaction, before, cancellationToken, after.SeIdFrom.ToUpperInvariant(), after.SeIdTo.ToUpperInvariant())
            : RegisteredInAsync(transaction, before, cancellationToken);

    private static void Fill(DbCommand command, BatchRecord record)
    {
        var batch = record.Definition.Batch;
        command.AddParameter("@Id", batch.Id);
        command.AddParameter("@From", batch.SeIdFrom.ToUpperInvariant());
        command.AddParameter("@To", batch.SeIdTo.ToUpperInvariant());
        command.AddParameter("@Definition", JsonSerializer.Serialize(record.Definition, BatchesJsonContext.Default.BatchDefinition));
        command.AddParameter("@By", record.ChangedBy);
        command.AddParameter("@At", record.ChangedAt.UtcTicks);
    }
}
