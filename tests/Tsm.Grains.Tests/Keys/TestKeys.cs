using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Keys.Pkcs11;
using Tsm.Protocol;
using Tsm.Protocol.Scp02;
using Tsm.Testing;

namespace Tsm.Grains.Tests.Keys;

/// <summary>
/// The keys of the key service tests, configured once (protected under the storage key) and served by either
/// implementation: the same protected values go to <see cref="SoftwareKeyService"/> and are imported into the token of
/// <see cref="Pkcs11KeyService"/>.
/// </summary>
internal static class TestKeys
{
    public const string StorageKey = "202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F";
    public const string EmvMaster = "0123456789ABCDEFFEDCBA9876543210";
    public const string GpTestKey = "404142434445464748494A4B4C4D4E4F";
    public const string MakerTransport = "1A2B3C4D5E6F70811A2B3C4D5E6F7081";
    public const string BankTransport = "00112233445566778899AABBCCDDEEFF";
    public const string BankKek = "F0E1D2C3B4A59687F0E1D2C3B4A59687";

    public static readonly byte[] Kdd = Hex.Parse("00001122334455667788");

    public static readonly SeBatch EmvBatch = new() { Id = "emv", SeIdFrom = "00", SeIdTo = "FF", MasterKeyRef = "emv-master", Derivation = KeyDerivation.Emv };

    public static readonly SeBatch Visa2Batch = new() { Id = "visa2", SeIdFrom = "00", SeIdTo = "FF", MasterKeyRef = "emv-master", Derivation = KeyDerivation.Visa2 };

    public static readonly SeBatch UndiversifiedBatch = new() { Id = "demo", SeIdFrom = "00", SeIdTo = "FF", MasterKeyRef = "gp-test", Derivation = KeyDerivation.None, KeyVersion = 0x20 };

    private static readonly SoftwareKeyService Bootstrap = new(Microsoft.Extensions.Options.Options.Create(new KeyServiceOptions { StorageKey = StorageKey }));

    /// <summary>The configuration both implementations read (what appsettings.json holds for a platform).</summary>
    public static KeyServiceOptions Configuration(string? storageKey = null, string emvMaster = EmvMaster) => new()
    {
        StorageKey = storageKey ?? StorageKey,
        MasterKeys = new(StringComparer.OrdinalIgnoreCase) { ["emv-master"] = Protect(emvMaster), ["gp-test"] = Protect(GpTestKey) },
        TransportKeys = new(StringComparer.OrdinalIgnoreCase) { ["maker"] = Protect(MakerTransport) },
        Providers = new(StringComparer.OrdinalIgnoreCase) { ["bank"] = new ProviderKeys { TransportKey = Protect(BankTransport), Kek = Protect(BankKek) } },
    };

    public static string Protect(string hex) => Bootstrap.Protect(Hex.Parse(hex));

    public static SoftwareKeyService Software() => new(Microsoft.Extensions.Options.Options.Create(Configuration()));

    /// <summary>PKCS#11 options on the test process's SoftHSM2 token, under a fresh label prefix.</summary>
    public static KeyServiceOptions Pkcs11Options(string prefix, bool import = true, string emvMaster = EmvMaster)
    {
        var options = Configuration(emvMaster: emvMaster);
        options.Provider = KeyServiceProvider.Pkcs11;
        options.Pkcs11 = new Pkcs11Options
        {
            Library = SoftHsm.Shared.Library,
            TokenLabel = SoftHsm.Shared.TokenLabel,
            Pin = SoftHsm.Pin,
            LabelPrefix = prefix,
            ImportConfiguredKeys = import,
            UndiversifiedKeys = ["gp-test"],
        };
        return options;
    }

    /// <summary>An SCP02 session opened between a host channel (keys from the service under test) and a card-side channel.</summary>
    public static (Scp02HostChannel Host, Scp02CardChannel Card) OpenSession(Scp02KeySet hostKeys, Scp02KeySet cardKeys)
    {
        var host = new Scp02HostChannel(hostKeys, SecurityLevel.CMac);
        var card = new Scp02CardChannel(cardKeys, 0x0007, Scp02Parameter.I15, Kdd, Hex.Parse("A0000001510000"));
        var response = card.InitializeUpdate(InitializeUpdateCommand.Parse(host.InitializeUpdate()));
        var outcome = card.ExternalAuthenticate(host.ExternalAuthenticate(response));
        Assert.Equal(ExternalAuthenticateOutcome.Authenticated, outcome);
        return (host, card);
    }
}
