using System.Data.Common;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Management;

/// <summary>
/// The catalogue's change counter (docs/management.md, "Catalogue cache"). A store that changes anything the OTA engine
/// reads calls <see cref="MarkAsync"/> inside its write transaction; silos compare <see cref="ReadAsync"/> with the
/// number their snapshot was built from and reload when it moved.
/// </summary>
public static class CatalogueChanges
{
    /// <summary>The advisory lock key of catalogue writes on PostgreSQL ("TSM" "CATL").</summary>
    public const long WriteLockKey = 0x54534D_4341544C;

    /// <summary>Counts one change, in the caller's transaction.</summary>
    public static async Task MarkAsync(DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = transaction.CreateCommand("UPDATE CatalogueVersion SET Version = Version + 1 WHERE Id = 1;");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The current number of changes.</summary>
    public static async Task<long> ReadAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Version FROM CatalogueVersion WHERE Id = 1;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
