using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Reqnroll;
using Tsm.Gateway.ServiceProviders;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Specs.Drivers;

namespace Tsm.Specs.Support;

/// <summary>
/// The service-provider configuration of the SD, personalization and capability features: three platforms ("bank" and
/// "other" with every capability for their own provider, "limited" with downloads only for "bank"), the bank's TK and
/// KEK, its security domains and e-purse applications (the same set-up as the gateway tests' SpDomainSetup).
/// </summary>
public static class SpPlatform
{
    public const string IsdAid = "A0000001510000";
    public const string OperatorSd = "A000000151535300AA";
    public const string IsdPurse = "A0000007770101";
    public const string SdPurse = "A0000007770102";
    public const string OwnKeyPurse = "A0000007770103";
    public const string FixedSpaceSdPurse = "A0000007770104";
    public const string BankSdPurse = "A0000007770106";
    public const string OtherApp = "A000000444010101";
    public const string PurseModulePrefix = "A00000077701";

    public static readonly byte[] Tk = Hex.Parse("1111111111111111AAAAAAAAAAAAAAAA");
    public static readonly byte[] Kek = Hex.Parse("2222222222222222BBBBBBBBBBBBBBBB");
    public static readonly byte[] PurseKey = Hex.Parse("0123456789ABCDEFFEDCBA9876543210");

    /// <summary>The initial key of <see cref="OwnKeyPurse"/> (its install parameters): the provider's for mode 1.</summary>
    public static readonly byte[] InitialPurseKey = Hex.Parse("404142434445464748494A4B4C4D4E4F");

    /// <summary>The development storage key of appsettings.json, which protects the configured keys.</summary>
    private const string StorageKey = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";

    private static readonly Dictionary<string, string> ApiKeys = new(StringComparer.Ordinal)
    {
        ["bank"] = "bank-specs-api-key-0001",
        ["other"] = "other-specs-api-key-0002",
        ["limited"] = "limited-specs-api-key-0003",
    };

    public static string ApiKeyOf(string platform) =>
        ApiKeys.TryGetValue(platform, out var key) ? key : throw new InvalidOperationException($"No platform {platform} is configured.");

    /// <summary>The bank's personalization data for the purse: DGI 0101 purse key under the KEK, DGI 0102 balance, all under the TK.</summary>
    public static byte[] ProviderData(uint balance)
    {
        var keyUnderKek = new DesCipher(Kek).EncryptEcb(PurseKey);
        byte[] balanceBytes = [(byte)(balance >> 24), (byte)(balance >> 16), (byte)(balance >> 8), (byte)balance];
        byte[] dgis = [.. new Dgi(0x0101, keyUnderKek).ToArray(), .. new Dgi(0x0102, balanceBytes).ToArray()];
        return new DesCipher(Tk).EncryptCbc(new byte[8], DesMac.Pad(dgis));
    }

    /// <summary>A key set for an SD as its provider sends it: the same key thrice under its KEK, with the KCVs.</summary>
    public static object KeySet(byte version, byte[] key) => new
    {
        keyVersion = version,
        keys = Enumerable.Repeat(Hex.Format(new DesCipher(Kek).EncryptEcb(key)), 3).ToArray(),
        keyCheckValues = Enumerable.Repeat(Hex.Format(DesMac.KeyCheckValue(key)), 3).ToArray(),
    };

    public static string[] Arguments()
    {
        var keys = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = StorageKey }));
        return
        [
            "--ServiceProviders:SyncWait", "00:00:05",
            .. Platform("bank", "bank", [.. SpCapabilities.All]),
            .. Platform("other", "other", [.. SpCapabilities.All]),
            .. Platform("limited", "bank", [SpCapabilities.Download]),
            "--KeyService:Providers:bank:TransportKey", keys.Protect(Tk),
            "--KeyService:Providers:bank:Kek", keys.Protect(Kek),
            "--Catalogue:SecurityDomains:0:Aid", OperatorSd, "--Catalogue:SecurityDomains:0:FixedSpace", "4096",
            "--Catalogue:SecurityDomains:1:Aid", "A000000151535300BB", "--Catalogue:SecurityDomains:1:Owner", "bank",
            "--Catalogue:SecurityDomains:2:Aid", "A000000151535300CC", "--Catalogue:SecurityDomains:2:Owner", "bank",
            "--Catalogue:SecurityDomains:2:FixedSpace", "2048", "--Catalogue:SecurityDomains:2:FixedVolatileSpace", "256",
            "--Catalogue:SecurityDomains:2:MaxFailedAuthentications", "5", "--Catalogue:SecurityDomains:2:MaxKeys", "4",
            .. App(1, IsdPurse, "A000000777F1", "bank", sd: "", template: true),
            .. App(2, SdPurse, "A000000777F2", "bank", sd: OperatorSd, template: true),
            .. App(3, OwnKeyPurse, "A000000777F3", "bank", sd: "", template: false, installParameters: Hex.Format(InitialPurseKey)),
            .. App(4, FixedSpaceSdPurse, "A000000777F4", "bank", sd: "A000000151535300CC", template: false),
            .. App(5, OtherApp, "A0000004440101", "other", sd: "", template: false),
            .. App(6, BankSdPurse, "A000000777F6", "bank", sd: "A000000151535300BB", template: false),
        ];
    }

    private static string Sha256Hex(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string[] Platform(string platform, string provider, string[] capabilities) =>
    [
        $"--ServiceProviders:Platforms:{platform}:ApiKeySha256:0", Sha256Hex(ApiKeyOf(platform)),
        .. capabilities.SelectMany((c, i) => new[] { $"--ServiceProviders:Platforms:{platform}:Providers:{provider}:{i}", c }),
    ];

    private static string[] App(int index, string aid, string loadFile, string provider, string sd, bool template, string installParameters = "")
    {
        var at = $"--Catalogue:Applications:{index}:";
        string[] fields = template
            ? [at + "Personalization:Fields:0:Dgi", "0101", at + "Personalization:Fields:0:Sensitive", "true", at + "Personalization:Fields:1:Dgi", "0102"]
            : [];
        return
        [
            at + "Aid", aid, at + "Name", provider + " application", at + "LoadFileAid", loadFile,
            at + "Instances:0:ModuleAid", aid, at + "Instances:0:InstanceAid", aid, at + "Instances:0:InstallParameters", installParameters,
            at + "CapFile", "demo:2048", at + "ServiceProvider", provider, at + "Status", "Published",
            at + "SecurityDomainAid", sd,
            .. fields,
        ];
    }
}

/// <summary>One gateway configured by <see cref="SpPlatform"/> per feature tagged @sp-gateway.</summary>
[Binding]
public sealed class SpHooks
{
    private const string Key = "sp-gateway";

    [BeforeFeature("sp-gateway")]
    public static async Task StartGateway(FeatureContext feature) => feature[Key] = await OtaGateway.StartAsync(SpPlatform.Arguments());

    [AfterFeature("sp-gateway")]
    public static async Task StopGateway(FeatureContext feature)
    {
        if (feature.TryGetValue<OtaGateway>(Key, out var gateway))
            await gateway.DisposeAsync();
    }

    public static OtaGateway GatewayOf(FeatureContext feature) =>
        feature.TryGetValue<OtaGateway>(Key, out var gateway)
            ? gateway
            : throw new InvalidOperationException("No gateway runs for this feature: tag it @sp-gateway.");
}
