using System.Data.Common;

namespace Tsm.Gateway.Storage;

/// <summary>
/// Transactions for the small tables that operators edit (regions, number segments, system parameters), where a
/// change checks other rows first ("the parent exists", "no children"): such writes run one at a time.
/// </summary>
public static class SerializedWrites
{
    /// <summary>
    /// Begins a transaction in which the checks and the write cannot interleave with another serialized write under
    /// the same <paramref name="lockKey"/>: on SQLite the transaction itself takes the database's write lock
    /// (<c>BEGIN IMMEDIATE</c>); on PostgreSQL it takes a transaction-scoped advisory lock on the key.
    /// </summary>
    public static async Task<DbTransaction> BeginSerializedAsync(this DbConnection connection, SqlDialect dialect, long lockKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (dialect != SqlDialect.PostgreSql)
            return transaction;
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(@Key);";
            command.AddParameter("@Key", lockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command in <paramref name="transaction"/> (Microsoft.Data.Sqlite requires it to be set).</summary>
    public static DbCommand CreateCommand(this DbTransaction transaction, string text)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }
}
