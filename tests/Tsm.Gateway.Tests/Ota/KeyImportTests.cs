using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Api;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// A batch master key imported from a key file over HTTP (requirement 5.8.9.5), then configured as the batch's key: a new
/// phone of the batch registers and downloads with it. Wrong KCVs and unknown transport keys are refused.
/// </summary>
public sealed class KeyImportTests
{
    private const string StorageKey = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";
    private static readonly byte[] Transport = Hex.Parse("6666666666666666CCCCCCCCCCCCCCCC");
    private static readonly byte[] Master = Hex.Parse(Simulator.Card.CardFactory.GlobalPlatformTestKey);

    [Fact]
    public async Task An_imported_master_key_opens_the_batchs_cards_and_bad_key_files_are_refused()
    {
        using var database = new TempDatabase();
        var protectedTransport = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = StorageKey })).Protect(Transport);
        string imported;
        await using (var first = new RunningGateway(database.Path, "--KeyService:TransportKeys:maker", protectedTransport))
        {
            await first.StartAsync();
            var underTk = Hex.Format(new DesCipher(Transport).EncryptEcb(Master));
            using var wrongKcv = await first.Client.PostAsJsonAsync(new Uri("/admin/v1/keys/import", UriKind.Relative),
                new KeyImportRequest("maker", underTk, "000000"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongKcv.StatusCode);
            Assert.DoesNotContain(Simulator.Card.CardFactory.GlobalPlatformTestKey, await wrongKcv.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            using var unknown = await first.Client.PostAsJsonAsync(new Uri("/admin/v1/keys/import", UriKind.Relative),
                new KeyImportRequest("nobody", underTk, Hex.Format(DesMac.KeyCheckValue(Master))));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
            using var malformed = await first.Client.PostAsJsonAsync(new Uri("/admin/v1/keys/import", UriKind.Relative),
                new KeyImportRequest("maker", "12", "zz"));
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            using var ok = await first.Client.PostAsJsonAsync(new Uri("/admin/v1/keys/import", UriKind.Relative),
                new KeyImportRequest("maker", underTk, Hex.Format(DesMac.KeyCheckValue(Master))));
            var text = await ok.Content.ReadAsStringAsync();
            Assert.True(ok.StatusCode == HttpStatusCode.OK, text);
            Assert.DoesNotContain(Simulator.Card.CardFactory.GlobalPlatformTestKey, text, StringComparison.OrdinalIgnoreCase);
            imported = (await ok.Content.ReadFromJsonAsync<KeyImportResult>())!.ProtectedKey;
        }
        // The operator configures the imported key as the batch's master key.
        await using var gateway = new RunningGateway(database.Path, "--Catalogue:Batches:0:MasterKeyRef", "imported", "--KeyService:MasterKeys:imported", imported);
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000A001", "13944445555");
        await phone.LoginAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Download, "A000000333010101")).State);
    }
}
