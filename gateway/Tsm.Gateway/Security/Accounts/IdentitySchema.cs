using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>
/// Creates the Identity and key-ring tables once, from the EF Core model, in the platform database of the active
/// profile (docs/security.md, "Accounts"). On PostgreSQL the check and the creation run in one transaction under the
/// schema's advisory lock, so silos starting together create them once. Later changes to these tables come as
/// numbered scripts, like the rest of the schema.
/// </summary>
public static class IdentitySchema
{
    public const string AccountsTable = "AspNetUsers";

    public static async Task EnsureCreatedAsync(PlatformIdentityDb db, IPlatformDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Dialect == SqlDialect.PostgreSql)
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresSchema.SchemaLockKey})", cancellationToken);
        var exists = database.Dialect == SqlDialect.PostgreSql
            ? $"SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{AccountsTable}'"
            : $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{AccountsTable}'";
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = exists;
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
                return;
        }
        await ExecuteAsync(connection, transaction, db.Database.GenerateCreateScript(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
