using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Tsm.Gateway.Storage;

/// <summary>One operation done on behalf of someone: who, what, on which SE / subscriber / application, how it ended.</summary>
public sealed record OperationRecord
{
    public required Guid Id { get; init; }

    /// <summary>When it happened; stored and returned in UTC.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who asked: a system user, a service provider, the wallet client, a batch.</summary>
    public required string Actor { get; init; }

    /// <summary>What was done, e.g. "install", "personalize", "lock".</summary>
    public required string Operation { get; init; }

    public required string SeId { get; init; }

    public required string Msisdn { get; init; }

    /// <summary>The application (AID, hex) concerned, when there is one.</summary>
    public string? ApplicationAid { get; init; }

    /// <summary>How it ended, e.g. "success", "failed", a status word.</summary>
    public required string Result { get; init; }

    public string? Detail { get; init; }
}

/// <summary>
/// The operation records table, in the same database as the grain state (either profile). Records are written by one writer in
/// group commits: <see cref="AddAsync(OperationRecord, bool, CancellationToken)"/> returns once its record is committed, and records added while a commit is
/// under way go together in the next one, so that many concurrent tasks cost one transaction rather than one each.
/// </summary>
public sealed class OperationRecordStore(IPlatformDatabase database) : IAsyncDisposable
{
    public const int MaxLimit = 1000;

    /// <summary>The most records one commit takes.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<PendingRecord> _queue = Channel.CreateUnbounded<PendingRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _writer;

    /// <summary>Adds a record; completes when it is committed (or faults with the commit's error). A record whose id is there already is ignored.</summary>
    public Task AddAsync(OperationRecord record, CancellationToken cancellationToken = default) => AddAsync(record, false, cancellationToken);

    /// <summary>
    /// Adds a record; completes when it is committed (or faults with the commit's error). A record whose id is there
    /// already is ignored, unless <paramref name="replace"/> asks to replace its result and detail.
    /// </summary>
    public Task AddAsync(OperationRecord record, bool replace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pending = new PendingRecord(record, replace, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _writer ??= Task.Run(WriteLoopAsync, CancellationToken.None);
        }

        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(OperationRecordStore));
        }

        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingRecord>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await InsertAsync(batch);
                batch.ForEach(p => p.Committed.TrySetResult());
            }
            catch (Exception ex)
            {
                // Whatever failed the commit fails its records' callers; the writer goes on with the next batch.
                batch.ForEach(p => p.Committed.TrySetException(ex));
            }

            batch.Clear();
        }
    }

    private async Task InsertAsync(List<PendingRecord> batch)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        await using var upsert = connection.CreateCommand();
        // A record whose id is there already is the same record written again (a task's end recorded again after a
        // crash between the record and the SE grain's state): it is kept once. A replacement (the SE grain's detail of
        // a task's end, e.g. a sync's differences) takes the new result and detail.
        const string Values = "(Id, At, Actor, Operation, SeId, Msisdn, ApplicationAid, Result, Detail) VALUES (@Id, @At, @Actor, @Operation, @SeId, @Msisdn, @ApplicationAid, @Result, @Detail)";
        insert.CommandText = $"INSERT INTO OperationRecords {Values} ON CONFLICT (Id) DO NOTHING;";
        upsert.CommandText = $"INSERT INTO OperationRecords {Values} ON CONFLICT (Id) DO UPDATE SET Result = excluded.Result, Detail = excluded.Detail;";
        string[] names = ["@Id", "@At", "@Actor", "@Operation", "@SeId", "@Msisdn", "@ApplicationAid", "@Result", "@Detail"];
        insert.Transaction = transaction;
        upsert.Transaction = transaction;
        var insertParameters = names.Select(name => insert.AddParameter(name)).ToArray();
        var upsertParameters = names.Select(name => upsert.AddParameter(name)).ToArray();
        foreach (var (record, replace, _) in batch)
        {
            var command = replace ? upsert : insert;
            var parameters = replace ? upsertParameters : insertParameters;
            parameters[0].Value = record.Id.ToString("D", CultureInfo.InvariantCulture);
            parameters[1].Value = record.At.UtcTicks;
            parameters[2].Value = record.Actor;
            parameters[3].Value = record.Operation;
            parameters[4].Value = record.SeId;
            parameters[5].Value = record.Msisdn;
            parameters[6].Value = (object?)record.ApplicationAid ?? DBNull.Value;
            parameters[7].Value = record.Result;
            parameters[8].Value = (object?)record.Detail ?? DBNull.Value;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Lets the writer commit what is queued, then stops it.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? writer;
        lock (_gate)
        {
            writer = _writer;
        }

        if (writer is not null)
        {
            await writer;
        }
    }

    private sealed record PendingRecord(OperationRecord Record, bool Replace, TaskCompletionSource Committed);

    /// <summary>The record with this id (a task's end is recorded under its task id), or null.</summary>
    public async Task<OperationRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, At, Actor, Operation, SeId, Msisdn, ApplicationAid, Result, Detail FROM OperationRecords WHERE Id = @Id;";
        command.AddParameter("@Id", id.ToString("D", CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Records matching every given filter, newest first. <paramref name="from"/> is inclusive,
    /// <paramref name="to"/> exclusive; <paramref name="limit"/> is at most <see cref="MaxLimit"/>.
    /// </summary>
    public async Task<IReadOnlyList<OperationRecord>> QueryAsync(
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        string? msisdn = null,
        string? seId = null,
        string? applicationAid = null,
        int limit = 100,
        CancellationToken cancellationToken = default,
        IReadOnlyList<string>? msisdnPrefixes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Only fixed fragments are appended; every value goes through a parameter.
        var sql = new StringBuilder("""
            SELECT Id, At, Actor, Operation, SeId, Msisdn, ApplicationAid, Result, Detail
            FROM OperationRecords
            WHERE 1 = 1
            """);
        if (from is { } f)
        {
            sql.Append(" AND At >= @From");
            command.AddParameter("@From", f.UtcTicks);
        }

        if (to is { } t)
        {
            sql.Append(" AND At < @To");
            command.AddParameter("@To", t.UtcTicks);
        }

        command.AndEquals(sql, "Msisdn", msisdn);

        command.AndEquals(sql, "SeId", seId);

        command.AndEquals(sql, "ApplicationAid", applicationAid);

        // A regional caller's view: only numbers whose segment lies in its region (docs/security.md, "Regions").
        Regions.ScopedNumbers.Filter(sql, command, "Msisdn", msisdnPrefixes);

        // Ties in time come back newest written first: SQLite's rowid, PostgreSQL's identity column Seq.
        sql.Append(database.Dialect == SqlDialect.PostgreSql ? " ORDER BY At DESC, Seq DESC LIMIT @Limit;" : " ORDER BY At DESC, rowid DESC LIMIT @Limit;");
        command.AddParameter("@Limit", limit);
        command.CommandText = sql.ToString();

        var records = new List<OperationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    private static OperationRecord Read(System.Data.Common.DbDataReader reader) => new()
    {
        Id = Guid.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
        At = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
        Actor = reader.GetString(2),
        Operation = reader.GetString(3),
        SeId = reader.GetString(4),
        Msisdn = reader.GetString(5),
        ApplicationAid = reader.IsDBNull(6) ? null : reader.GetString(6),
        Result = reader.GetString(7),
        Detail = reader.IsDBNull(8) ? null : reader.GetString(8),
    };
}
