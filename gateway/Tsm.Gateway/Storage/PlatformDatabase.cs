using System.Data.Common;

namespace Tsm.Gateway.Storage;

/// <summary>The SQL dialect of the platform's own tables; the stores pick a statement per dialect where they differ.</summary>
public enum SqlDialect
{
    /// <summary>The embedded profile (Microsoft.Data.Sqlite).</summary>
    Sqlite,

    /// <summary>The cluster profile (Npgsql).</summary>
    PostgreSql,
}

/// <summary>
/// The database of the platform's own tables (operation records, SE bindings, pushes, MO messages) for the
/// active storage profile: <see cref="SqliteSchema"/> (embedded) or <see cref="PostgresSchema"/> (cluster).
/// </summary>
public interface IPlatformDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>Opens a connection, after the schema is in place; the caller disposes it.</summary>
    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);
}

/// <summary>Provider-neutral parameters for the stores' commands.</summary>
public static class DbCommandExtensions
{
    /// <summary>Adds a parameter named <paramref name="name"/> (with its <c>@</c>); null is sent as SQL NULL.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Adds a parameter to one command of a batch (see <see cref="AddParameter(DbCommand, string, object?)"/>).</summary>
    public static DbParameter AddParameter(this DbBatchCommand command, string name, object? value = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Narrows a WHERE clause being built in <paramref name="sql"/> to <paramref name="column"/> = <paramref name="value"/>, unless the value is null.</summary>
    public static void AndEquals(this DbCommand command, System.Text.StringBuilder sql, string column, string? value)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (value is null)
            return;
        sql.Append(" AND ").Append(column).Append(" = @").Append(column);
        command.AddParameter("@" + column, value);
    }
}
