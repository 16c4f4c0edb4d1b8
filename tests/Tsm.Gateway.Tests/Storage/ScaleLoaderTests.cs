using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Storage;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;
using Tsm.Testing;

namespace Tsm.Gateway.Tests.Storage;

/// <summary>
/// The scale loader of perf/Tsm.Perf (<c>scale load</c>) writes rows a silo reads as its own: if Orleans' provider
/// changed its payload or hashes, or the SE grain its state, these logins would stop finding the loaded SEs.
/// </summary>
public sealed class ScaleLoaderTests : IDisposable
{
    private const string DemoApp = "A000000333010101";

    private readonly TempDatabase _unused = new();

    public void Dispose() => _unused.Dispose();

    [SkippableFact]
    public async Task A_silo_sees_loaded_SEs_registered_to_their_number_with_their_applications()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await using var gateway = new RunningGateway(_unused.Path,
            "--Storage:Profile", StorageProfiles.Cluster,
            "--Storage:PostgresConnectionString", connectionString,
            "--" + StorageExtensions.AdvertisedAddressKey, "127.0.0.1");
        await gateway.StartAsync();

        // Several batches, the last one short.
        Assert.Equal(200, await new SeLoader(gateway.Services).LoadAsync(200, batchSize: 64));
        var (count, tokenDay) = (await SeLoader.ReadLoadRecordAsync(connectionString))!.Value;
        Assert.Equal(200, count);

        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        var keys = gateway.Services.GetRequiredService<IKeyService>();
        var directory = gateway.Services.GetRequiredService<SeDirectory>();
        foreach (var index in new long[] { 0, 1, 63, 64, 130, 199 })
        {
            var seId = SeLoader.SeIdOf(index);
            var se = grains.GetGrain<ISeGrain>(seId);
            var outcome = await se.Login(new LoginCommand(SeLoader.MsisdnOf(index), SeLoader.ImsiOf(index), Token(keys, index, tokenDay)));
            Assert.True(outcome.Registered, seId);
            Assert.False(outcome.QueryOnly, seId);
            Assert.Null(outcome.SessionId); // nothing to register: the platform knows the SE and its token
            var expected = SeLoader.ApplicationsOf(index);
            Assert.InRange(expected.Count, 2, 4);
            Assert.Equal(expected.OrderBy(a => a.Key), (await se.ApplicationStates()).OrderBy(a => a.Key));
            if (expected.GetValueOrDefault(DemoApp) == ApplicationState.Useable)
                Assert.Contains(DemoApp, outcome.Applications.Delete);
            Assert.Equal([seId], await directory.SeIdsOfAsync(SeLoader.MsisdnOf(index)));
        }

        // The loaded token is the one checked: another day's token is refused, and another number only queries.
        var other = SeLoader.SeIdOf(5);
        var refused = await Assert.ThrowsAsync<RefusedException>(() =>
            grains.GetGrain<ISeGrain>(other).Login(new LoginCommand(SeLoader.MsisdnOf(5), SeLoader.ImsiOf(5), Token(keys, 5, tokenDay.AddDays(1)))));
        Assert.Equal(RefusalCode.TokenMismatch, refused.Code);
        Assert.True((await grains.GetGrain<ISeGrain>(SeLoader.SeIdOf(6)).Login(new LoginCommand("13999999999", "460009999999999", null))).QueryOnly);
    }

    private static string Token(IKeyService keys, long index, DateOnly tokenDay)
    {
        var token = keys.DeriveToken(SeLoader.SeIdOf(index), SeLoader.TokenIssuedOf(index, tokenDay));
        try
        {
            return Convert.ToHexString(token);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(token);
        }
    }
}
