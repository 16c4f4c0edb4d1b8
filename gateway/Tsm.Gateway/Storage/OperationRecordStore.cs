using System.Globalization;
using System.Text;

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

/// <summary>The operation records table, in the same SQLite file as the grain state.</summary>
public sealed class OperationRecordStore(SqliteSchema schema)
{
    public const int MaxLimit = 1000;

    public async Task AddAsync(OperationRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await schema.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO OperationRecords (Id, At, Actor, Operation, SeId, Msisdn, ApplicationAid, Result, Detail)
            VALUES (@Id, @At, @Actor, @Operation, @SeId, @Msisdn, @ApplicationAid, @Result, @Detail);
            """;
        command.Parameters.AddWithValue("@Id", record.Id.ToString("D", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@At", record.At.UtcTicks);
        command.Parameters.AddWithValue("@Actor", record.Actor);
        command.Parameters.AddWithValue("@Operation", record.Operation);
        command.Parameters.AddWithValue("@SeId", record.SeId);
        command.Parameters.AddWithValue("@Msisdn", record.Msisdn);
        command.Parameters.AddWithValue("@ApplicationAid", (object?)record.ApplicationAid ?? DBNull.Value);
        command.Parameters.AddWithValue("@Result", record.Result);
        command.Parameters.AddWithValue("@Detail", (object?)record.Detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
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
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);

        await using var connection = await schema.OpenConnectionAsync(cancellationToken);
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
            command.Parameters.AddWithValue("@From", f.UtcTicks);
        }

        if (to is { } t)
        {
            sql.Append(" AND At < @To");
            command.Parameters.AddWithValue("@To", t.UtcTicks);
        }

        if (msisdn is not null)
        {
            sql.Append(" AND Msisdn = @Msisdn");
            command.Parameters.AddWithValue("@Msisdn", msisdn);
        }

        if (seId is not null)
        {
            sql.Append(" AND SeId = @SeId");
            command.Parameters.AddWithValue("@SeId", seId);
        }

        if (applicationAid is not null)
        {
            sql.Append(" AND ApplicationAid = @ApplicationAid");
            command.Parameters.AddWithValue("@ApplicationAid", applicationAid);
        }

        sql.Append(" ORDER BY At DESC, rowid DESC LIMIT @Limit;");
        command.Parameters.AddWithValue("@Limit", limit);
        command.CommandText = sql.ToString();

        var records = new List<OperationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new OperationRecord
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
            });
        }

        return records;
    }
}
