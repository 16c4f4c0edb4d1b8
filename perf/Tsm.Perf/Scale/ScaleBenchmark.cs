using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using Tsm.Gateway.Storage;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;
using Tsm.Testing;

namespace Tsm.Perf.Scale;

/// <summary>
/// <c>scale load --count N</c> fills a cluster-profile database with N registered SEs (<see cref="SeLoader"/>);
/// <c>scale bench</c> measures logins and look-ups against it with a real silo: a cold SeGrain activation and Login,
/// the SeBindings look-up by MSISDN and the raw grain-state read through the storage provider (p50/p99/max and
/// throughput each), and the storage size per SE. Without <c>--connection</c> both run a private PostgreSQL in
/// <c>--data-dir</c> (default <c>$TMPDIR/tsm-scale</c>).
/// </summary>
public static class ScaleBenchmark
{
    public const string Usage =
        "usage: Tsm.Perf scale load --count N [--connection CS | --data-dir DIR] [--batch N]\n" +
        "       Tsm.Perf scale bench [--count N] [--seconds S] [--concurrency C] [--connection CS | --data-dir DIR]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("load" or "bench") || !TryParse(args[1..], out var options))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 64;
        }
        if (args[0] == "load" && options.Count is null)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 64;
        }

        await using var server = options.Connection is null ? await PrivatePostgres.StartAsync(options.DataDir, bulkLoad: args[0] == "load") : null;
        var connectionString = options.Connection ?? server!.ConnectionString;
        Console.WriteLine(server is null ? "database: the given connection" : $"database: private PostgreSQL in {Path.GetFullPath(options.DataDir)} (port {server.Port})");
        return args[0] == "load"
            ? await LoadAsync(connectionString, options.Count!.Value, options.Batch)
            : await BenchAsync(connectionString, options);
    }

    private sealed record Options(long? Count, int Seconds, int Concurrency, int Batch, string? Connection, string DataDir);

    private static bool TryParse(string[] args, out Options options)
    {
        options = new Options(null, 10, 8, 20_000, null, PrivatePostgres.DefaultFolder);
        if (args.Length % 2 != 0)
            return false;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--count" when long.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0:
                    options = options with { Count = n };
                    break;
                case "--seconds" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s > 0:
                    options = options with { Seconds = s };
                    break;
                case "--concurrency" when int.TryParse(value, CultureInfo.InvariantCulture, out var c) && c > 0:
                    options = options with { Concurrency = c };
                    break;
                case "--batch" when int.TryParse(value, CultureInfo.InvariantCulture, out var b) && b > 0:
                    options = options with { Batch = b };
                    break;
                case "--connection":
                    options = options with { Connection = value };
                    break;
                case "--data-dir":
                    options = options with { DataDir = value };
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>The gateway on the cluster profile, with the loader's applications in the catalogue.</summary>
    private static Task<InProcessGateway> StartGatewayAsync(string connectionString)
    {
        var args = new List<string>
        {
            "--Storage:Profile", StorageProfiles.Cluster,
            "--Storage:PostgresConnectionString", connectionString,
            "--" + StorageExtensions.AdvertisedAddressKey, "127.0.0.1",
        };
        for (var i = 0; i < SeLoader.Applications.Count; i++)
        {
            var (aid, loadFile, name) = SeLoader.Applications[i];
            var prefix = $"--Catalogue:Applications:{i.ToString(CultureInfo.InvariantCulture)}:";
            args.AddRange([prefix + "Aid", aid, prefix + "Name", name, prefix + "LoadFileAid", loadFile,
                prefix + "Instances:0:ModuleAid", aid, prefix + "Instances:0:InstanceAid", aid, prefix + "CapFile", "demo:8192",
                prefix + "Status", "Published"]);
        }
        return InProcessGateway.StartAsync("scale", [.. args]);
    }

    private static async Task<int> LoadAsync(string connectionString, long count, int batch)
    {
        await using var gateway = await StartGatewayAsync(connectionString);
        var loader = new SeLoader(gateway.Services);
        var before = (await SeLoader.ReadLoadRecordAsync(connectionString))?.Count ?? 0;
        Console.WriteLine($"loading {count} SEs after the {before} already loaded, batches of {batch}");
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var total = await loader.LoadAsync(count, batch, new SyncProgress(done =>
        {
            if (clock.Elapsed - lastReport < TimeSpan.FromSeconds(10))
                return;
            lastReport = clock.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {done - before} SEs in {clock.Elapsed.TotalSeconds:F0} s ({(done - before) / clock.Elapsed.TotalSeconds:F0}/s)"));
        }));
        var copied = clock.Elapsed;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // The statistics and visibility map a running database would have after autovacuum.
            await using var command = new NpgsqlCommand("VACUUM (ANALYZE) OrleansStorage, SeBindings;", connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loaded {count} SEs in {copied.TotalSeconds:F1} s ({count / copied.TotalSeconds:F0} SEs/s), then VACUUM ANALYZE in {(clock.Elapsed - copied).TotalSeconds:F1} s; {total} SEs in the database"));
        await PrintSizesAsync(connectionString, total);
        return 0;
    }

    private static async Task<int> BenchAsync(string connectionString, Options options)
    {
        var record = await SeLoader.ReadLoadRecordAsync(connectionString);
        if (record is not { Count: > 0 } loaded)
        {
            await Console.Error.WriteLineAsync("No SEs loaded in this database: run scale load first.");
            return 1;
        }
        var count = Math.Min(options.Count ?? loaded.Count, loaded.Count);
        await using var gateway = await StartGatewayAsync(connectionString);
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        var keys = gateway.Services.GetRequiredService<IKeyService>();
        var directory = gateway.Services.GetRequiredService<SeDirectory>();
        var storage = gateway.Services.GetRequiredKeyedService<IGrainStorage>(SeLoader.StateNames.Storage);
        var used = new ConcurrentDictionary<long, bool>();

        // (a) a login on an SE whose grain is not active: activation reads its state, Login checks the token,
        // writes the state and records the operation.
        async Task<bool> Login(long index)
        {
            var seId = SeLoader.SeIdOf(index);
            var token = keys.DeriveToken(seId, SeLoader.TokenIssuedOf(index, loaded.TokenDay));
            var hex = Convert.ToHexString(token);
            CryptographicOperations.ZeroMemory(token);
            var outcome = await grains.GetGrain<ISeGrain>(seId).Login(new LoginCommand(SeLoader.MsisdnOf(index), SeLoader.ImsiOf(index), hex));
            return outcome is { Registered: true, QueryOnly: false, SessionId: null };
        }

        async Task<bool> Lookup(long index) =>
            await directory.SeIdsOfAsync(SeLoader.MsisdnOf(index)) is [var seId] && seId == SeLoader.SeIdOf(index);

        async Task<bool> Read(long index)
        {
            var seId = SeLoader.SeIdOf(index);
            var state = new GrainState<SeGrainState>(new SeGrainState());
            await storage.ReadStateAsync(SeLoader.StateNames.State, grains.GetGrain<ISeGrain>(seId).GetGrainId(), state);
            return state.RecordExists && state.State is { Registered: true } read && read.Msisdn == SeLoader.MsisdnOf(index);
        }

        // (d) the write Login ends with: the state read (not timed) and written back through the provider, one commit.
        async Task<TimeSpan?> Write(long index)
        {
            var state = new GrainState<SeGrainState>(new SeGrainState());
            var grainId = grains.GetGrain<ISeGrain>(SeLoader.SeIdOf(index)).GetGrainId();
            await storage.ReadStateAsync(SeLoader.StateNames.State, grainId, state);
            var start = Stopwatch.GetTimestamp();
            await storage.WriteStateAsync(SeLoader.StateNames.State, grainId, state);
            return Stopwatch.GetElapsedTime(start);
        }

        long Fresh()
        {
            while (true)
            {
                var index = Random.Shared.NextInt64(count);
                if (used.TryAdd(index, true))
                    return index;
            }
        }

        long Any() => Random.Shared.NextInt64(count);

        // Warm-up (JIT, connection pool, grain directory); its SEs stay out of the cold logins.
        await Measure("warm-up", Math.Min(options.Concurrency, 4), TimeSpan.FromSeconds(3), Fresh, Timed(Login), print: false);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} SEs (of {loaded.Count} loaded), {options.Concurrency} concurrent callers, {options.Seconds} s per operation"));
        Console.WriteLine("| operation | ops | failed | ops/s | p50 ms | p99 ms | max ms | load avg |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var failed = await Measure("(a) cold SeGrain activation + Login", options.Concurrency, duration, Fresh, Timed(Login));
        failed += await Measure("(b) SeBindings by MSISDN", options.Concurrency, duration, Any, Timed(Lookup));
        failed += await Measure("(c) grain-state read by id", options.Concurrency, duration, Any, Timed(Read));
        failed += await Measure("(d) grain-state write by id", options.Concurrency, duration, Fresh, Write);
        Console.WriteLine("load avg: the machine's 1-minute load average after the operation (2 cores here; other work included).");
        Console.WriteLine();
        await PrintSizesAsync(connectionString, loaded.Count);
        return failed == 0 ? 0 : 1;
    }

    /// <summary>An operation timed as a whole; false is a failure.</summary>
    private static Func<long, Task<TimeSpan?>> Timed(Func<long, Task<bool>> operation) => async index =>
    {
        var start = Stopwatch.GetTimestamp();
        return await operation(index) ? Stopwatch.GetElapsedTime(start) : null;
    };

    /// <summary>
    /// Runs <paramref name="operation"/> (it returns the time of what it measures, or null when it failed) from
    /// <paramref name="callers"/> loops for <paramref name="duration"/> and prints a table row; returns the failures.
    /// </summary>
    private static async Task<long> Measure(string name, int callers, TimeSpan duration, Func<long> pick, Func<long, Task<TimeSpan?>> operation, bool print = true)
    {
        var failures = 0L;
        var clock = Stopwatch.StartNew();
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            var latencies = new List<double>();
            while (clock.Elapsed < duration)
            {
                var index = pick();
                TimeSpan? took = null;
                try
                {
                    took = await operation(index);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Console.Error.WriteLine($"{name}: SE {SeLoader.SeIdOf(index)}: {e.GetType().Name}: {e.Message}");
                }
                if (took is { } t)
                    latencies.Add(t.TotalMilliseconds);
                else
                    Interlocked.Increment(ref failures);
            }
            return latencies;
        }));
        var elapsed = clock.Elapsed;
        var all = perCaller.SelectMany(l => l).Order().ToArray();
        double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {all.Length} | {failures} | {all.Length / elapsed.TotalSeconds:F0} | {P(0.5):F2} | {P(0.99):F2} | {(all.Length == 0 ? 0 : all[^1]):F2} | {LoadAverage()} |"));
        }
        return failures;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static async Task PrintSizesAsync(string connectionString, long count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Console.WriteLine("| table | rows (loaded SEs) | heap + TOAST MB | indexes MB | total MB | bytes per SE |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        long sum = 0;
        foreach (var table in new[] { "orleansstorage", "sebindings" })
        {
            await using var command = new NpgsqlCommand(
                "SELECT pg_table_size(@T::regclass), pg_indexes_size(@T::regclass), pg_total_relation_size(@T::regclass);", connection);
            command.Parameters.AddWithValue("T", table);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (heap, indexes, total) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            sum += total;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {table} | {count} | {heap / 1048576.0:F0} | {indexes / 1048576.0:F0} | {total / 1048576.0:F0} | {(double)total / count:F0} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| both | | | | {sum / 1048576.0:F0} | {(double)sum / count:F0} |"));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
