using System.Diagnostics;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;
using Xunit.Abstractions;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// Dynamic scale-out (requirement 6.1, docs/backups.md and docs/storage.md): a second gateway joins a running cluster in
/// the middle of a batch of downloads, takes phones, and leaves again gracefully (SIGTERM) while downloads still run.
/// No task is lost and none runs twice.
/// </summary>
public sealed class ClusterScaleOutTests(ITestOutputHelper output)
{
    private const string DemoApp = "A000000333010101";
    private const string DemoLoadFile = "A0000003330101";
    private const int Phones = 12;
    private const int Concurrency = 4;

    [SkippableFact]
    public async Task A_silo_joining_and_leaving_during_a_batch_of_downloads_loses_no_task_and_runs_none_twice()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var clock = Stopwatch.StartNew();
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        using var siloA = new GatewayProcess(SiloHost.FreePort(), ClusterHarness.Args(connectionString));
        using var siloB = new GatewayProcess(SiloHost.FreePort(), ClusterHarness.Args(connectionString));
        await siloA.StartAsync();
        await ClusterHarness.WaitForSilosAsync(connectionString, ClusterHarness.Active, 1);

        // Odd phones stay on A; even ones use B while it is in the cluster and A otherwise.
        var routing = new Routing(siloA.BaseAddress, siloB.BaseAddress);
        var phones = Enumerable.Range(1, Phones)
            .Select(i => new CountingCard(Phone.PoweredCard($"86000000000001{i:X6}")) { SeId = $"86000000000001{i:X6}", Msisdn = $"139001{i:D5}" })
            .ToList();
        var handlers = new List<HttpMessageHandler>();
        try
        {
            var tasks = new Dictionary<CountingCard, (string TaskId, string SessionId)>();
            var clients = new Dictionary<CountingCard, HttpClient>();
            foreach (var (card, index) in phones.Select((c, i) => (c, i)))
            {
                var handler = new RoutingHandler(routing, useB: index % 2 == 1);
                handlers.Add(handler);
                var http = new HttpClient(handler) { BaseAddress = siloA.BaseAddress };
                clients[card] = http;
                tasks[card] = await ClusterHarness.RegisterAndRequestDownloadAsync(card, http, DemoApp, output.WriteLine);
            }

            // Three rounds of four downloads. B starts with the first round (joining under load), takes the even phones
            // of the second, and leaves by SIGTERM while the third runs: those phones are moved back to A first, as a
            // load balancer drains a node, and requests cut off by the stop are resent by the wallet.
            var restarts = 0;
            Task Round(int first) => Task.WhenAll(phones.Skip(first).Take(Concurrency).Select(async card =>
                Interlocked.Add(ref restarts, await ClusterHarness.RunToEndAsync(card, clients[card], tasks[card].SessionId, output.WriteLine))));
            var joining = siloB.StartAsync();
            await Round(0);
            await joining;
            await ClusterHarness.WaitForSilosAsync(connectionString, ClusterHarness.Active, 2);
            routing.BUp = true;
            await Round(Concurrency);
            var servedBeforeLeave = routing.ServedByB;
            var third = Round(2 * Concurrency);
            await Task.WhenAny(third, Task.Delay(TimeSpan.FromMilliseconds(300)));
            routing.BUp = false;
            var stopped = await siloB.StopAsync(TimeSpan.FromSeconds(60));
            await third;
            Assert.Equal(0, stopped);
            Assert.True(servedBeforeLeave > 0, "no request reached silo B while it was in the cluster");
            await ClusterHarness.WaitForSilosAsync(connectionString, ClusterHarness.Active, 1);

            foreach (var (card, (taskId, _)) in tasks)
            {
                var task = await new WalletClient(clients[card]).GetTaskAsync(taskId);
                Assert.True(task.State == WalletTaskState.Succeeded, $"{card.SeId}: {task.State} {task.Failure?.Reason} {task.Failure?.StatusWord}");
                Assert.Single(card.Inner.Image.LoadFiles, f => f.Aid == DemoLoadFile);
                Assert.Single(card.Inner.Image.Applications, a => a.Aid == DemoApp);
                Assert.True(card.CompletedLoads == 1, $"{card.SeId}: {card.CompletedLoads} completed LOAD sequences");
                Assert.True(card.Installs == 1, $"{card.SeId}: {card.Installs} successful INSTALL [for install]");
            }
            var records = await ClusterHarness.DownloadRecordsAsync(connectionString);
            foreach (var card in phones)
            {
                Assert.True(records.TryGetValue(card.SeId, out var results) && results is ["succeeded"],
                    $"{card.SeId}: download records [{string.Join(", ", records.GetValueOrDefault(card.SeId) ?? [])}]");
            }
            output.WriteLine($"{Phones} downloads in three rounds; {routing.ServedByB} requests served by B; " +
                $"{restarts} session restarts; all done at {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception ex) when (ex is not SkipException)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}silo A said:{Environment.NewLine}{siloA.Output}{Environment.NewLine}silo B said:{Environment.NewLine}{siloB.Output}", ex);
        }
        finally
        {
            foreach (var handler in handlers)
                handler.Dispose();
            foreach (var card in phones)
                card.Inner.Dispose();
        }
    }

    /// <summary>Where phones that may use B send their requests now.</summary>
    private sealed class Routing(Uri a, Uri b)
    {
        private int _servedByB;
        private volatile bool _bUp;

        public bool BUp { get => _bUp; set => _bUp = value; }

        public int ServedByB => Volatile.Read(ref _servedByB);

        public Uri Target(bool useB, out bool isB)
        {
            isB = useB && _bUp;
            return isB ? b : a;
        }

        public void CountB() => Interlocked.Increment(ref _servedByB);
    }

    /// <summary>A phone's HTTP stack: each request goes where <see cref="Routing"/> says; an unanswered one is resent by the SERAM agent.</summary>
    private sealed class RoutingHandler(Routing routing, bool useB) : DelegatingHandler(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(routing.Target(useB, out var isB), request.RequestUri!.PathAndQuery);
            var response = await base.SendAsync(request, cancellationToken);
            if (isB)
                routing.CountB();
            return response;
        }
    }
}
