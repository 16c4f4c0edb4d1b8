using System.Diagnostics;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;
using Xunit.Abstractions;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// Two gateway processes on the cluster profile (one PostgreSQL database, each its own HTTP and silo ports) form one
/// cluster; one is killed with SIGKILL in the middle of a batch of downloads, and its phones fail over to the other.
/// </summary>
public sealed class ClusterKillTests(ITestOutputHelper output)
{
    private const string DemoApp = "A000000333010101";
    private const string DemoLoadFile = "A0000003330101";
    private const int Phones = 12;
    private const int Concurrency = 4;
    private const int KillAfterCompleted = 4;

    [SkippableFact]
    public async Task A_silo_killed_during_a_batch_of_downloads_loses_no_task_and_runs_none_twice()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var clock = Stopwatch.StartNew();
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        using var siloA = new GatewayProcess(SiloHost.FreePort(), ClusterHarness.Args(connectionString));
        using var siloB = new GatewayProcess(SiloHost.FreePort(), ClusterHarness.Args(connectionString));
        await Task.WhenAll(siloA.StartAsync(), siloB.StartAsync());
        await ClusterHarness.WaitForSilosAsync(connectionString, ClusterHarness.Active, 2);

        // Every phone talks to A and moves to B when A stops answering.
        using var failover = new FailoverHandler([siloA.BaseAddress, siloB.BaseAddress]);
        var phones = Enumerable.Range(1, Phones)
            .Select(i => new CountingCard(Phone.PoweredCard($"86000000000000{i:X6}")) { SeId = $"86000000000000{i:X6}", Msisdn = $"139000{i:D5}" })
            .ToList();
        try
        {
            // Registered (and the downloads accepted) before the batch, all through A; each phone with its own access token.
            var tasks = new Dictionary<CountingCard, (string TaskId, string SessionId)>();
            var clients = new Dictionary<CountingCard, HttpClient>();
            foreach (var card in phones)
            {
                var cardHttp = new HttpClient(failover, disposeHandler: false) { BaseAddress = siloA.BaseAddress };
                clients[card] = cardHttp;
                tasks[card] = await ClusterHarness.RegisterAndRequestDownloadAsync(card, cardHttp, DemoApp, output.WriteLine);
            }

            // The batch: four downloads at a time. A dies when four have completed and another is at its 10th LOAD.
            var completed = 0;
            var killed = 0;
            var completedAtKill = -1;
            var killedAt = 0.0;
            foreach (var card in phones)
            {
                card.BeforeLoad = number =>
                {
                    if (number == 10 && Volatile.Read(ref completed) >= KillAfterCompleted && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        completedAtKill = Volatile.Read(ref completed);
                        killedAt = clock.Elapsed.TotalSeconds;
                        siloA.Kill();
                    }
                };
            }
            using var gate = new SemaphoreSlim(Concurrency);
            var restarts = 0;
            await Task.WhenAll(phones.Select(async card =>
            {
                await gate.WaitAsync();
                try
                {
                    Interlocked.Add(ref restarts, await ClusterHarness.RunToEndAsync(card, clients[card], tasks[card].SessionId, output.WriteLine));
                    Interlocked.Increment(ref completed);
                }
                finally
                {
                    gate.Release();
                }
            }));

            Assert.True(killed == 1, "silo A was never killed: the batch ended before the kill condition");
            Assert.InRange(completedAtKill, KillAfterCompleted, Phones - 1);
            Assert.True(failover.Failovers > 0, "no phone failed over to silo B");
            await ClusterHarness.WaitForSilosAsync(connectionString, ClusterHarness.Dead, 1);

            // Every task succeeded, as silo B reports it.
            foreach (var (card, (taskId, _)) in tasks)
            {
                var task = await new WalletClient(clients[card]).GetTaskAsync(taskId);
                Assert.True(task.State == WalletTaskState.Succeeded, $"{card.SeId}: {task.State} {task.Failure?.Reason} {task.Failure?.StatusWord}");
            }

            // Each card holds the load file and the instance once, and was loaded and installed exactly once.
            foreach (var card in phones)
            {
                Assert.Single(card.Inner.Image.LoadFiles, f => f.Aid == DemoLoadFile);
                Assert.Single(card.Inner.Image.Applications, a => a.Aid == DemoApp);
                Assert.True(card.CompletedLoads == 1, $"{card.SeId}: {card.CompletedLoads} completed LOAD sequences");
                Assert.True(card.Installs == 1, $"{card.SeId}: {card.Installs} successful INSTALL [for install]");
            }

            // One 'download' record per SE: none lost, none written twice.
            var records = await ClusterHarness.DownloadRecordsAsync(connectionString);
            foreach (var card in phones)
            {
                Assert.True(records.TryGetValue(card.SeId, out var results) && results is ["succeeded"],
                    $"{card.SeId}: download records [{string.Join(", ", records.GetValueOrDefault(card.SeId) ?? [])}]");
            }
            Assert.Equal(Phones, records.Count);
            output.WriteLine($"{Phones} downloads, A killed after {completedAtKill} completed at {killedAt:0.0} s; {failover.Failovers} failover, " +
                $"{restarts} session restarts; all done at {clock.Elapsed.TotalSeconds:0.0} s");
            // The failure detection configured above (about 2 s), not Orleans' default (about 15 s), bounds the failover.
            Assert.True(clock.Elapsed.TotalSeconds - killedAt < 30, $"the batch ended {clock.Elapsed.TotalSeconds - killedAt:0.0} s after the kill");
        }
        catch (Exception ex) when (ex is not SkipException)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}silo B said:{Environment.NewLine}{siloB.Output}", ex);
        }
        finally
        {
            foreach (var card in phones)
                card.Inner.Dispose();
        }
    }

    /// <summary>
    /// A phone's HTTP stack with two gateway addresses: requests go to the current one, and a request that gets no
    /// answer (connection refused or reset) moves every later request to the next address. The failed request is not
    /// resent here: the SERAM agent resends the same report, as it does after any unanswered request.
    /// </summary>
    private sealed class FailoverHandler(IReadOnlyList<Uri> endpoints) : DelegatingHandler(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        private int _current;
        private int _failovers;

        public int Failovers => Volatile.Read(ref _failovers);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = Volatile.Read(ref _current);
            request.RequestUri = new Uri(endpoints[index], request.RequestUri!.PathAndQuery);
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (index < endpoints.Count - 1)
            {
                if (Interlocked.CompareExchange(ref _current, index + 1, index) == index)
                    Interlocked.Increment(ref _failovers);
                throw;
            }
        }
    }
}
