using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Storage;

namespace Tsm.Perf.Ota;

/// <summary>
/// <c>ota --soak S</c>: every S seconds, the gateway process's memory and the database's size over time (issue #17
/// item 5, docs/performance.md "Memory and storage per task"): RSS, the managed heap, the SQLite file with its WAL, the
/// database's used pages (SQLite's page count less free pages, WAL frames included: the data, not the file's slack),
/// the downloads that succeeded, operation records, grain state rows, stored transcripts, and the used bytes' growth
/// per succeeded download since the previous line.
/// </summary>
internal sealed class SoakMonitor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SoakMonitor(IServiceProvider services, string databasePath, TimeSpan interval)
    {
        _loop = RunAsync(services.GetRequiredService<IPlatformDatabase>(), databasePath, interval, _stop.Token);
    }

    private static async Task RunAsync(IPlatformDatabase database, string path, TimeSpan interval, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        (long Bytes, long Downloads)? previous = null;
        using var timer = new PeriodicTimer(interval);
        Console.WriteLine("soak: seconds, RSS MB, heap MB, database file + WAL MB, used MB, succeeded downloads, operation records, grain states, transcripts, used bytes per download since the previous line");
        try
        {
            do
            {
                using var self = Process.GetCurrentProcess();
                var file = SizeOf(path) + SizeOf(path + "-wal");
                var (used, downloads, records, states, transcripts) = await CountsAsync(database, stop);
                var growth = previous is { } p && downloads > p.Downloads
                    ? ((used - p.Bytes) / (double)(downloads - p.Downloads)).ToString("F0", CultureInfo.InvariantCulture)
                    : "-";
                previous = (used, downloads);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"soak {Stopwatch.GetElapsedTime(started).TotalSeconds,6:F0} s  RSS {self.WorkingSet64 / 1048576.0,6:F0} MB  heap {GC.GetTotalMemory(false) / 1048576.0,5:F0} MB  db {file / 1048576.0,7:F1} MB  used {used / 1048576.0,7:F1} MB  downloads {downloads,8}  records {records,8}  grain states {states,6}  transcripts {transcripts,6}  bytes/download {growth}"));
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static long SizeOf(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    private static async Task<(long Used, long Downloads, long Records, long States, long Transcripts)> CountsAsync(IPlatformDatabase database, CancellationToken stop)
    {
        await using DbConnection connection = await database.OpenConnectionAsync(stop);
        var pageSize = await CountAsync(connection, "PRAGMA page_size;", stop);
        var used = (await CountAsync(connection, "PRAGMA page_count;", stop) - await CountAsync(connection, "PRAGMA freelist_count;", stop)) * pageSize;
        return (used, await CountAsync(connection, "SELECT COUNT(*) FROM OperationRecords WHERE Operation = 'download' AND Result = 'succeeded';", stop),
            await CountAsync(connection, "SELECT COUNT(*) FROM OperationRecords;", stop),
            await CountAsync(connection, "SELECT COUNT(*) FROM OrleansStorage;", stop),
            await CountAsync(connection, "SELECT COUNT(*) FROM TaskTranscripts;", stop));
    }

    private static async Task<long> CountAsync(DbConnection connection, string sql, CancellationToken stop)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(stop), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
