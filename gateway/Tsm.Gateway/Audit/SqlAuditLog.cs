using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Gateway.Storage;
using Tsm.Grains;

namespace Tsm.Gateway.Audit;

/// <summary>
/// The audit log in the platform database (Sqlite/07-AuditLog.sql, PostgreSql/08-AuditLog.sql): table
/// <c>audit_log</c>, and <c>audit_head</c> holding the last seq and hash. An append reads the head, inserts the next
/// row chained to it and moves the head, in one transaction that no other append can interleave with: SQLite's
/// <c>BEGIN IMMEDIATE</c> (the file's write lock), PostgreSQL's transaction-scoped advisory lock
/// <see cref="AppendLockKey"/> shared by every gateway process. So the chain never forks.
/// </summary>
public sealed class SqlAuditLog(
    IPlatformDatabase database,
    [FromKeyedServices(DomainClock.Key)] TimeProvider time,
    ILogger<SqlAuditLog>? logger = null) : IAuditLog
{
    /// <summary>The advisory lock key under which PostgreSQL appends run (any constant shared by every process).</summary>
    public const long AppendLockKey = 0x54534D_41554454; // "TSM" "AUDT"

    private const string Columns = "seq, at, actor, roles, region, action, target, outcome, before, after, remote, prev_hash, hash";

    private readonly ILogger _logger = logger ?? NullLogger<SqlAuditLog>.Instance;

    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var action = AuditText.Clean(entry.Action);
        if (string.IsNullOrWhiteSpace(action))
            throw new ArgumentException("An audit entry needs an action.", nameof(entry));
        if (!AuditOutcome.IsValid(entry.Outcome))
            throw new ArgumentException("An audit outcome is ok, refused or failed, optionally with ':' and an HTTP status.", nameof(entry));
        var actor = AuditText.Clean(entry.Actor);
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await BeginAppendAsync(connection, cancellationToken);
            var (headSeq, headHash) = await ReadHeadAsync(connection, transaction, cancellationToken)
                ?? throw new InvalidOperationException("The audit log's head record is missing: the log was tampered with (run 'audit verify').");
            var row = new AuditRecord
            {
                Seq = headSeq + 1,
                At = new DateTimeOffset(time.GetUtcNow().UtcTicks, TimeSpan.Zero),
                Actor = string.IsNullOrWhiteSpace(actor) ? AuditActor.Anonymous : actor,
                Roles = AuditText.Clean(entry.Roles) ?? "",
                Region = AuditText.Clean(entry.Region),
                Action = action,
                Target = AuditText.Clean(entry.Target),
                Outcome = entry.Outcome,
                Before = AuditText.Clean(entry.Before),
                After = AuditText.Clean(entry.After),
                RemoteAddress = AuditText.Clean(entry.RemoteAddress),
                PrevHash = Convert.ToHexStringLower(headHash),
                Hash = "",
            };
            row = row with { Hash = AuditChain.Compute(row) };
            await InsertAsync(connection, transaction, row, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return row;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AuditLogEvents.AppendFailed(_logger, e, action);
            throw;
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditQuery.MaxLimit);
        if (query.RegionPrefix is "")
            throw new ArgumentException("A region prefix is at least one digit.", nameof(query));

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Only fixed fragments are appended; every value goes through a parameter. Prefixes compare with substr, not
        // LIKE, so that '%' and '_' in an action are plain characters.
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_log WHERE 1 = 1");
        if (query.From is { } from)
        {
            sql.Append(" AND at >= @From");
            command.AddParameter("@From", from.UtcTicks);
        }

        if (query.To is { } to)
        {
            sql.Append(" AND at < @To");
            command.AddParameter("@To", to.UtcTicks);
        }

        if (query.Actor is not null)
        {
            sql.Append(" AND actor = @Actor");
            command.AddParameter("@Actor", query.Actor);
        }

        if (query.ActionPrefix is not null)
        {
            sql.Append(" AND substr(action, 1, @ActionLength) = @Action");
            command.AddParameter("@Action", query.ActionPrefix);
            command.AddParameter("@ActionLength", query.ActionPrefix.Length);
        }

        if (query.Target is not null)
        {
            sql.Append(" AND target = @Target");
            command.AddParameter("@Target", query.Target);
        }

        if (query.Outcome is not null)
        {
            sql.Append(AuditOutcome.IsKind(query.Outcome)
                ? " AND (outcome = @Outcome OR substr(outcome, 1, @OutcomeLength) = @OutcomeStatus)"
                : " AND outcome = @Outcome");
            command.AddParameter("@Outcome", query.Outcome);
            command.AddParameter("@OutcomeStatus", query.Outcome + ":");
            command.AddParameter("@OutcomeLength", query.Outcome.Length + 1);
        }

        if (query.RegionPrefix is not null)
        {
            sql.Append(" AND substr(region, 1, @RegionLength) = @Region");
            command.AddParameter("@Region", query.RegionPrefix);
            command.AddParameter("@RegionLength", query.RegionPrefix.Length);
        }

        if (query.Before is { } before)
        {
            sql.Append(" AND seq < @Before");
            command.AddParameter("@Before", before);
        }

        sql.Append(" ORDER BY seq DESC LIMIT @Limit;");
        command.AddParameter("@Limit", query.Limit);
        command.CommandText = sql.ToString();

        var rows = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(Read(reader));
        return rows;
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One snapshot for the head and the rows: appends that commit meanwhile are not half seen.
        await using var transaction = database.Dialect == SqlDialect.Sqlite
            ? ((SqliteConnection)connection).BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var head = await ReadHeadAsync(connection, transaction, cancellationToken);
        var walk = new AuditChainWalk();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {Columns} FROM audit_log ORDER BY seq;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var prevHash = reader.GetFieldValue<byte[]>(11);
                var hash = reader.GetFieldValue<byte[]>(12);
                if (walk.Next(reader.GetInt64(0), prevHash, hash, () => Read(reader)) is { } bad)
                    return Report(bad);
            }
        }

        return Report(walk.End(head));
    }

    private AuditVerification Report(AuditVerification verification)
    {
        if (verification.Ok)
            AuditLogEvents.Verified(_logger, verification.RowsChecked, verification.HeadSeq ?? 0);
        else
            AuditLogEvents.Tampered(_logger, verification.BadSeq ?? 0, verification.Fault!.Value, verification.Detail ?? "");
        return verification;
    }

    private async Task<DbTransaction> BeginAppendAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (database.Dialect == SqlDialect.Sqlite)
        {
            // BEGIN IMMEDIATE: the write lock now, before the head is read (busy_timeout waits for it).
            return ((SqliteConnection)connection).BeginTransaction(deferred: false);
        }

        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // Held until commit or rollback; under Read Committed the head read after it sees the previous append.
            command.CommandText = "SELECT pg_advisory_xact_lock(@Key);";
            command.AddParameter("@Key", AppendLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    private static async Task<(long Seq, byte[] Hash)?> ReadHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, hash FROM audit_head WHERE id = 1;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, AuditRecord row, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO audit_log ({Columns})
            VALUES (@Seq, @At, @Actor, @Roles, @Region, @Action, @Target, @Outcome, @Before, @After, @Remote, @PrevHash, @Hash);
            UPDATE audit_head SET seq = @Seq, hash = @Hash WHERE id = 1;
            """;
        command.AddParameter("@Seq", row.Seq);
        command.AddParameter("@At", row.At.UtcTicks);
        command.AddParameter("@Actor", row.Actor);
        command.AddParameter("@Roles", row.Roles);
        command.AddParameter("@Region", row.Region);
        command.AddParameter("@Action", row.Action);
        command.AddParameter("@Target", row.Target);
        command.AddParameter("@Outcome", row.Outcome);
        command.AddParameter("@Before", row.Before);
        command.AddParameter("@After", row.After);
        command.AddParameter("@Remote", row.RemoteAddress);
        command.AddParameter("@PrevHash", Convert.FromHexString(row.PrevHash));
        command.AddParameter("@Hash", Convert.FromHexString(row.Hash));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static AuditRecord Read(DbDataReader reader) => new()
    {
        Seq = reader.GetInt64(0),
        At = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
        Actor = reader.GetString(2),
        Roles = reader.GetString(3),
        Region = NullableString(reader, 4),
        Action = reader.GetString(5),
        Target = NullableString(reader, 6),
        Outcome = reader.GetString(7),
        Before = NullableString(reader, 8),
        After = NullableString(reader, 9),
        RemoteAddress = NullableString(reader, 10),
        PrevHash = Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(11)),
        Hash = Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(12)),
    };

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
