using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>The gateway on the cluster profile (ADO.NET clustering, grain state, reminders and tables on PostgreSQL), over real HTTP.</summary>
public sealed class ClusterProfileEndToEndTests : IDisposable
{
    private const string DemoApp = "A000000333010101";

    private readonly TempDatabase _unused = new();

    public void Dispose() => _unused.Dispose();

    private static string[] ClusterArgs(string connectionString) =>
    [
        "--Storage:Profile", StorageProfiles.Cluster,
        "--Storage:PostgresConnectionString", connectionString,
        "--" + StorageExtensions.AdvertisedAddressKey, "127.0.0.1",
    ];

    [SkippableFact]
    public async Task A_phone_registers_and_downloads_on_postgres_and_the_records_survive_a_restart()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        // The SQLite path is never opened on this profile; it points at an empty temp folder to prove it.
        var gateway = new RunningGateway(_unused.Path, ClusterArgs(connectionString));
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000000C01", "13812345678");
        try
        {
            var login = await phone.LoginAsync();
            Assert.False(login.QueryOnly);
            Assert.True((await phone.LoginAsync()).Registered);

            var download = await phone.DoAsync(WalletOperation.Download, DemoApp);
            Assert.True(download.State == WalletTaskState.Succeeded, download.Failure?.Reason);
            Assert.Contains(phone.Card.Image.Applications, a => a.Aid == DemoApp);
        }
        finally
        {
            await gateway.StopAsync();
        }

        Assert.False(File.Exists(_unused.Path));

        // A new gateway process on the same database knows the SE, its binding and its application.
        await using var restarted = new RunningGateway(_unused.Path, ClusterArgs(connectionString));
        await restarted.StartAsync();
        using var again = new Phone(restarted.BaseAddress, phone.SeId, phone.Msisdn, phone.Card);
        var after = await again.LoginAsync();
        Assert.True(after.Registered);
        Assert.Contains(DemoApp, after.Applications.Delete);
    }
}
