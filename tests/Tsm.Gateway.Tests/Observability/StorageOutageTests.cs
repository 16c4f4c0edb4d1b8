using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>
/// PostgreSQL stops under load on the cluster profile (docs/operations.md, "Outages"): every answer is a success, a
/// refusal or a 503 with Retry-After — never a 500; readiness says Unhealthy while it is down; the gateway recovers by
/// itself when it returns; and each accepted task is there exactly once (none lost, none from a refused request).
/// </summary>
public sealed class StorageOutageTests : IDisposable
{
    private const int Phones = 8;
    private const int Workers = 4;

    private readonly TempDatabase _unused = new();

    public void Dispose() => _unused.Dispose();

    [SkippableFact]
    public async Task Stopping_postgres_under_load_gives_503s_then_recovers_without_losing_or_doubling_a_task()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var server = await PostgresServer.StartPrivateAsync();
        try
        {
            var connectionString = await server.CreateDatabaseOnAsync();
            await using var gateway = new RunningGateway(_unused.Path,
                "--Storage:Profile", StorageProfiles.Cluster,
                "--Storage:PostgresConnectionString", connectionString + ";Timeout=3;Command Timeout=5",
                "--" + StorageExtensions.AdvertisedAddressKey, "127.0.0.1");
            await gateway.StartAsync();

            var ses = new List<string>();
            for (var i = 0; i < Phones; i++)
            {
                var seId = "86000000000000000D" + i.ToString("X2", CultureInfo.InvariantCulture);
                using var phone = new Phone(gateway.BaseAddress, seId, "1391234" + i.ToString("0000", CultureInfo.InvariantCulture));
                await phone.LoginAsync();
                Assert.True((await phone.LoginAsync()).Registered);
                ses.Add(seId);
            }

            var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var answers = new ConcurrentBag<(TimeSpan At, HttpStatusCode Status, string? RetryAfter, string? MediaType)>();
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                for (var n = w; !stop.IsCancellationRequested; n += Workers)
                {
                    var seId = ses[n % ses.Count];
                    HttpResponseMessage response;
                    try
                    {
                        response = await gateway.Client.PostAsJsonAsync(new Uri($"/admin/v1/ses/{seId}/operations", UriKind.Relative), new { operation = "sync" });
                    }
                    catch (HttpRequestException)
                    {
                        answers.Add((clock.Elapsed, (HttpStatusCode)0, null, null));
                        continue;
                    }
                    using (response)
                    {
                        answers.Add((clock.Elapsed, response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture), response.Content.Headers.ContentType?.MediaType));
                        if (response.StatusCode == HttpStatusCode.Accepted)
                            accepted.AddOrUpdate(seId, 1, (_, c) => c + 1);
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                            await Task.Delay(200);
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(3));
            var stoppedAt = clock.Elapsed;
            await server.StopServerAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            using (var ready = await gateway.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Contains("\"database\":{\"status\":\"Unhealthy\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            await Task.Delay(TimeSpan.FromSeconds(6));
            await server.StartServerAsync();
            var restartedAt = clock.Elapsed;

            // Recovery: within 60 s of the restart, a run of accepted requests.
            var recovered = TimeSpan.Zero;
            while (clock.Elapsed - restartedAt < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(500);
                var recent = answers.Where(a => a.At > clock.Elapsed - TimeSpan.FromSeconds(2)).ToList();
                if (recent.Count >= Workers && recent.All(a => a.Status == HttpStatusCode.Accepted))
                {
                    recovered = clock.Elapsed - restartedAt;
                    break;
                }
            }
            await stop.CancelAsync();
            await Task.WhenAll(load);
            var all = answers.ToList();
            var summary = string.Join(", ", all.GroupBy(a => a.Status).Select(g => $"{(int)g.Key}×{g.Count()}"));
            Assert.True(recovered > TimeSpan.Zero, $"no recovery within 60 s of the restart: {summary}");

            Assert.DoesNotContain(all, a => a.Status == 0 || (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
            var unavailable = all.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.NotEmpty(unavailable);
            Assert.All(unavailable, a =>
            {
                Assert.True(a.At > stoppedAt, "a 503 before the database stopped");
                Assert.NotNull(a.RetryAfter);
                Assert.Equal("application/problem+json", a.MediaType);
            });
            Assert.Contains(all, a => a.At < stoppedAt && a.Status == HttpStatusCode.Accepted);

            using (var ready = await gateway.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative)))
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            // Each accepted request is one queued task; a refused (503) one left none behind.
            var grains = gateway.Services.GetRequiredService<IGrainFactory>();
            foreach (var seId in ses)
            {
                var tasks = await grains.GetGrain<ISeGrain>(seId).ListTasks();
                var syncs = tasks.Count(t => t.Kind == OperationKind.Sync);
                Assert.True(accepted.GetValueOrDefault(seId) == syncs, $"SE {seId}: {accepted.GetValueOrDefault(seId)} accepted, {syncs} sync tasks ({summary})");
            }
            Console.WriteLine($"storage outage: {summary}; recovered {recovered.TotalSeconds:0.0} s after the restart");
        }
        finally
        {
            server.StopPrivate();
        }
    }
}
