using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>
/// The embedded profile's outage (docs/operations.md, "Outages"): another process holds the SQLite file's write lock
/// under load. Writes wait <c>Storage:SqliteBusyTimeout</c>, then are answered 503 with Retry-After — never a 500;
/// once the lock is released the gateway accepts requests again by itself; and each accepted request is one task, none
/// from a refused one.
/// </summary>
public sealed class SqliteLockOutageTests
{
    private const int Phones = 4;
    private const int Workers = 4;

    [Fact]
    public async Task A_write_lock_held_by_another_process_gives_503s_then_recovers_without_losing_or_doubling_a_task()
    {
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path, "--Storage:SqliteBusyTimeout", "00:00:01");
        await gateway.StartAsync();
        var ses = new List<string>();
        for (var i = 0; i < Phones; i++)
        {
            var seId = "86000000000000000C" + i.ToString("X2", CultureInfo.InvariantCulture);
            using var phone = new Phone(gateway.BaseAddress, seId, "1391235" + i.ToString("0000", CultureInfo.InvariantCulture));
            await phone.LoginAsync();
            Assert.True((await phone.LoginAsync()).Registered);
            ses.Add(seId);
        }

        var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var answers = new ConcurrentBag<(TimeSpan At, HttpStatusCode Status, TimeSpan? RetryAfter, string? MediaType)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var n = w; !stop.IsCancellationRequested; n += Workers)
            {
                var seId = ses[n % ses.Count];
                using var response = await gateway.Client.PostAsJsonAsync(new Uri($"/admin/v1/ses/{seId}/operations", UriKind.Relative), new { operation = "sync" });
                answers.Add((clock.Elapsed, response.StatusCode, response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType));
                if (response.StatusCode == HttpStatusCode.Accepted)
                    accepted.AddOrUpdate(seId, 1, (_, c) => c + 1);
                else
                    await Task.Delay(100);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var lockedAt = clock.Elapsed;
        TimeSpan releasedAt;
        // The other process: a connection of its own to the file (not the gateway's pool), holding the write lock.
        await using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database.Path, Pooling = false }.ToString()))
        {
            await other.OpenAsync();
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }
            await Task.Delay(TimeSpan.FromSeconds(5));
            // Reads go on under the lock (WAL): readiness does not take the gateway out of the balancer for it.
            using (var ready = await gateway.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative)))
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            await using (var rollback = other.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }
            releasedAt = clock.Elapsed;
        }

        var recovered = TimeSpan.Zero;
        while (clock.Elapsed - releasedAt < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250);
            var recent = answers.Where(a => a.At > clock.Elapsed - TimeSpan.FromSeconds(1)).ToList();
            if (recent.Count >= Workers && recent.All(a => a.Status == HttpStatusCode.Accepted))
            {
                recovered = clock.Elapsed - releasedAt;
                break;
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(load);
        var all = answers.ToList();
        var summary = string.Join(", ", all.GroupBy(a => a.Status).Select(g => $"{(int)g.Key}×{g.Count()}"));
        Assert.True(recovered > TimeSpan.Zero, $"no recovery within 30 s of the release: {summary}");

        Assert.DoesNotContain(all, a => (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
        var unavailable = all.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, a =>
        {
            Assert.True(a.At > lockedAt, "a 503 before the lock was taken");
            Assert.NotNull(a.RetryAfter);
            Assert.Equal("application/problem+json", a.MediaType);
        });
        Assert.Contains(all, a => a.At < lockedAt && a.Status == HttpStatusCode.Accepted);

        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        foreach (var seId in ses)
        {
            var syncs = (await grains.GetGrain<ISeGrain>(seId).ListTasks()).Count(t => t.Kind == OperationKind.Sync);
            Assert.True(accepted.GetValueOrDefault(seId) == syncs, $"SE {seId}: {accepted.GetValueOrDefault(seId)} accepted, {syncs} sync tasks ({summary})");
        }
        Console.WriteLine($"sqlite lock outage: {summary}; recovered {recovered.TotalSeconds:0.0} s after the release");
    }
}
