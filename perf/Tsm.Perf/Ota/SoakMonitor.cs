using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Storage;

namespace Tsm.Perf.Ota;

/// <summary>
/// <c>ota --soak S</c>: every S seconds, the gateway process's memory and the database's size over time (issue #17
/// item 5, docs/performance.md "Memory and storage per task"): RSS, the managed heap, the SQLite file with its WAL, the
/// downloads that succeeded (operation records), grain state rows, stored transcripts, and the database's growth per
/// succeeded download since the first line.
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
        (long Bytes, long Downloads)? first = null;
        using var timer = new PeriodicTimer(interval);
        Console.WriteLine("soak: seconds, RSS MB, heap MB, database MB (file + WAL), succeeded downloads, grain states, transcripts, database bytes per download since the first line");
        try
        {
            do
            {
                using var self = Process.GetCurrentProcess();
                var bytes = SizeOf(path) + SizeOf(path + "-wal");
                var (downloads, states, transcripts) = await CountsAsync(database, stop);
                first ??= (bytes, downloads);
                var growth = downloads > first.Value.Downloads
                    ? ((bytes - first.Value.Bytes) / (double)(downloads - first.Value.Downloads)).ToString("F0", CultureInfo.InvariantCulture)
                    : "-";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"soak {Stopwatch.GetElapsedTime(started).TotalSeconds,6:F0} s  RSS {self.WorkingSet64 / 1048576.0,7:F0} MB  heap {GC.GetTotalMemory(false) / 1048576.0,6:F0} MB  db {bytes / 1048576.0,8:F1} MB  downloads {downloads,8}  grain states {states,7}  transcripts {transcripts,6}  db bytes/download {growth}"));
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static long SizeOf(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    private static async Task<(long Downloads, long States, long Transcripts)> CountsAsync(IPlatformDatabase database, CancellationToken stop)
    {
        await using DbConnection connection = await database.OpenConnectionAsync(stop);
        return (await CountAsync(connection, "SELECT COUNT(*) FROM OperationRecords WHERE Operation = 'download' AND Result = 'succeeded';", stop),
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
