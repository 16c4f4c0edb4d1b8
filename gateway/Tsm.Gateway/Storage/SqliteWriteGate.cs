using System.Runtime.CompilerServices;

namespace Tsm.Gateway.Storage;

/// <summary>
/// One writer at a time on the embedded profile's SQLite file, in this process, for the hot writers (the outbox's
/// group commits, leases and outcomes, receipts, MO). SQLite takes one write lock per file; writers that collide wait
/// in its busy handler, which sleeps in steps of up to 100 ms, so under load most of the time went to sleeping. Queued
/// here they wait only for the writer before them. On PostgreSQL (row locks) there is no gate.
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConditionalWeakTable<IPlatformDatabase, SemaphoreSlim> s_gates = [];

    /// <summary>Waits for the gate of <paramref name="database"/> (none on PostgreSQL); dispose the result to leave it.</summary>
    public static async ValueTask<Entered> EnterAsync(IPlatformDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Dialect != SqlDialect.Sqlite)
            return default;
        var gate = s_gates.GetValue(database, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Entered(gate);
    }

    /// <summary>The gate held; disposing it lets the next writer in.</summary>
    public readonly struct Entered(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
