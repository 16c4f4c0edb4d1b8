namespace Tsm.Gateway.Tests.Storage;

/// <summary>Silos on the cluster profile find each other through the membership table in PostgreSQL.</summary>
public sealed class ClusterMembershipTests
{
    [SkippableFact]
    public async Task Two_silos_on_one_machine_form_one_cluster_and_share_grains()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var first = await SiloHost.StartClusterAsync(connectionString);
        try
        {
            var second = await SiloHost.StartClusterAsync(connectionString);
            try
            {
                var hosts = await first.Grains().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                Assert.Equal(2, hosts.Count);

                // One activation per grain in the cluster: calls through either silo reach the same counter.
                for (var i = 0; i < 10; i++)
                {
                    await first.Grains().GetGrain<ICounterGrain>($"shared-{i}").Increment();
                    await second.Grains().GetGrain<ICounterGrain>($"shared-{i}").Increment();
                }

                for (var i = 0; i < 10; i++)
                {
                    Assert.Equal(2, await second.Grains().GetGrain<ICounterGrain>($"shared-{i}").Get());
                }
            }
            finally
            {
                await SiloHost.StopAsync(second);
            }

            // The first silo sees the second leave and keeps serving; state written through it is in the database.
            Assert.Single(await first.Grains().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
            Assert.Equal(3, await first.Grains().GetGrain<ICounterGrain>("shared-0").Increment());
        }
        finally
        {
            await SiloHost.StopAsync(first);
        }
    }
}
