using System.Data.Common;
using Tsm.Gateway.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Management.Batches;

/// <summary>
/// Test numbers (Sqlite/13-Batches.sql, PostgreSql/14-Batches.sql; docs/management/batches.md): the MSISDNs whose SEs
/// testers may test unpublished applications on. The OTA engine reads them, so every change counts a catalogue change.
/// </summary>
public sealed class TestNumberStore(IPlatformDatabase database, TimeProvider time)
{
    public async Task<IReadOnlyList<TestNumber>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Msisdn, Note, AddedBy, AddedAt FROM TestNumbers ORDER BY Msisdn;";
        var numbers = new List<TestNumber>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            numbers.Add(new TestNumber(reader.GetString(0), reader.GetString(1), reader.GetString(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero)));
        return numbers;
    }

    public async Task<TestNumber> AddAsync(string msisdn, string note, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(msisdn);
        var number = new TestNumber(msisdn, note, actor, time.GetUtcNow());
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        if (await InsertAsync(transaction, number, cancellationToken) == 0)
            throw new RefusedException(RefusalCode.TestNumberExists, "This number is a test number already.");
        await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return number;
    }

    public async Task DeleteAsync(string msisdn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(msisdn);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        await using (var delete = transaction.CreateCommand("DELETE FROM TestNumbers WHERE Msisdn = @Msisdn;"))
        {
            delete.AddParameter("@Msisdn", msisdn);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new RefusedException(RefusalCode.UnknownTestNumber, "This number is not a test number.");
        }

        await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Inserts the configured test numbers ("Catalogue:TestNumbers") the database lacks; answers how many.</summary>
    public async Task<int> SeedAsync(IEnumerable<string> configured, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var inserted = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        foreach (var msisdn in configured.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim()).Distinct(StringComparer.Ordinal))
            inserted += await InsertAsync(transaction, new TestNumber(msisdn, "from configuration", "configuration", time.GetUtcNow()), cancellationToken);
        if (inserted > 0)
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>The engine's projection: the test numbers.</summary>
    public static async Task<IReadOnlySet<string>> ListTestNumbersAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Msisdn FROM TestNumbers;";
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            numbers.Add(reader.GetString(0));
        return numbers;
    }

    private static async Task<int> InsertAsync(DbTransaction transaction, TestNumber number, CancellationToken cancellationToken)
    {
        await using var insert = transaction.CreateCommand(
            "INSERT INTO TestNumbers (Msisdn, Note, AddedBy, AddedAt) VALUES (@Msisdn, @Note, @By, @At) ON CONFLICT (Msisdn) DO NOTHING;");
        insert.AddParameter("@Msisdn", number.Msisdn);
        insert.AddParameter("@Note", number.Note);
        insert.AddParameter("@By", number.AddedBy);
        insert.AddParameter("@At", number.AddedAt.UtcTicks);
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
