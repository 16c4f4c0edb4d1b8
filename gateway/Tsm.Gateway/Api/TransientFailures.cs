using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Serialization;

namespace Tsm.Gateway.Api;

/// <summary>
/// Which failures pass by themselves (docs/operations.md, "Outages"): the cluster settling (a silo declared dead or
/// not yet, a grain call timed out) or the database unreachable (PostgreSQL stopped, restarting or out of connections;
/// SQLite busy or its file unavailable). The exception, its inner exceptions and Orleans' stand-ins for exceptions of
/// another silo are all looked at, since storage errors reach the gateway wrapped by Orleans or EF Core.
/// </summary>
public static class TransientFailures
{
    private static readonly Meter s_meter = new(Observability.PlatformGauges.MeterName);

    private static readonly Counter<long> s_unavailable = s_meter.CreateCounter<long>(
        "tsm.http.unavailable", "{response}", "Requests answered 503 because the cluster or the database was unreachable, by cause.");

    /// <summary>The cause when <paramref name="exception"/> is transient; null when it is not (a bug: 500).</summary>
    public static TransientCause? Classify(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            if (CauseOf(exception) is { } cause)
                return cause;
            if (exception is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Classify(inner) is { } innerCause)
                        return innerCause;
                }
                return null;
            }
            exception = exception.InnerException;
        }
        return null;
    }

    /// <summary>Counts a 503 answered for <paramref name="cause"/>.</summary>
    public static void Answered(TransientCause cause) =>
        s_unavailable.Add(1, new KeyValuePair<string, object?>("tsm.cause", cause == TransientCause.Storage ? "storage" : "cluster"));

    private static TransientCause? CauseOf(Exception exception) => exception switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => TransientCause.Cluster,
        PostgresException postgres => IsTransientPostgres(postgres.SqlState) ? TransientCause.Storage : null,
        // Any other Npgsql failure is on the connection (refused, reset, timed out, pool exhausted).
        NpgsqlException => TransientCause.Storage,
        SqliteException sqlite => IsTransientSqlite(sqlite.SqliteErrorCode) ? TransientCause.Storage : null,
        DbException { IsTransient: true } => TransientCause.Storage,
        SocketException => TransientCause.Storage,
        // An exception of another silo whose type this one could not rebuild keeps its type's name.
        UnavailableExceptionFallbackException fallback when IsStorageTypeName(fallback.ExceptionType) => TransientCause.Storage,
        _ => null,
    };

    /// <summary>
    /// PostgreSQL error classes that pass: 08 connection exception, 53 insufficient resources (too many connections),
    /// 57P01–57P03 administrator or crash shutdown and "cannot connect now" (starting up), 40001/40P01 serialization
    /// failure and deadlock. Everything else (a constraint, a syntax error) is a bug, not an outage.
    /// </summary>
    private static bool IsTransientPostgres(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
        || state is "57P01" or "57P02" or "57P03" or "40001" or "40P01";

    /// <summary>SQLite BUSY (5), LOCKED (6), IOERR (10), FULL (13), CANTOPEN (14): the file is held, unreadable or its disk full.</summary>
    private static bool IsTransientSqlite(int code) => (code & 0xFF) is 5 or 6 or 10 or 13 or 14;

    private static bool IsStorageTypeName(string? type) =>
        type is not null && (type.StartsWith("Npgsql.", StringComparison.Ordinal) || type.StartsWith("System.Net.Sockets.", StringComparison.Ordinal)
            || type == "Microsoft.Data.Sqlite.SqliteException");
}
