using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Tests.Ota;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;
using Tsm.Simulator.Card.Applets;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>
/// Security-domain operations (requirement 5.8.3) and personalization in modes 1–3 (5.8.4.6) through the service-provider
/// API (5.7.1) over real HTTP, with simulated phones whose SEs run the e-purse: the checks read the card itself.
/// </summary>
[Collection(SpDomainGatewayCollection.Name)]
public sealed class SpSecurityDomainTests(SpDomainGatewayFixture gateway)
{
    private static int s_next;

    private static string NewSeId() => $"8600000000000000{Interlocked.Increment(ref s_next) + 0x7000:X4}";

    private async Task<Phone> RegisteredPhoneAsync()
    {
        var seId = NewSeId();
        var image = CardFactory.CreateBatch(new SeBatchProfile
        {
            FirstSeId = seId,
            ModuleBehaviours = new Dictionary<string, string> { ["A00000077701"] = AppletBehaviours.EPurse },
        }).Single();
        var card = new SimulatedCard(image);
        card.PowerOn();
        var phone = new Phone(gateway.BaseAddress, seId, "13922223333", card);
        await phone.LoginAsync();
        return phone;
    }

    private async Task<HttpResponseMessage> SendAsync(string seId, object body, string key = SpDomainSetup.BankKey) =>
        await gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(seId), key, body));

    /// <summary>Sends the operation while the phone's wallet runs the sessions it is given; the answer must be 200 within the wait.</summary>
    private async Task<SpTaskStatus> DoAsync(Phone phone, object body, string expectedState = "succeeded")
    {
        var request = SendAsync(phone.SeId, body);
        while (!request.IsCompleted)
        {
            var login = await phone.LoginAsync();
            if (login.SessionId is null)
                await Task.WhenAny(request, Task.Delay(50));
        }
        using var response = await request;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var status = JsonSerializer.Deserialize(text, SpJsonContext.Default.SpTaskStatus)!;
        Assert.True(status.State == expectedState, text);
        return status;
    }

    private static ApplicationRecord? OnCard(Phone phone, string aid) => phone.Card.Image.Applications.FirstOrDefault(a => a.Aid == aid);

    private static uint Balance(Phone phone, string aid)
    {
        Assert.Equal(StatusWords.Success, ResponseApdu.Parse(phone.Card.Transmit(new SelectCommand(Aid.Parse(aid)).ToApdu().ToArray())).StatusWord);
        var response = ResponseApdu.Parse(phone.Card.Transmit(Hex.Parse("805C000204")));
        Assert.Equal(StatusWords.Success, response.StatusWord);
        var b = response.Data.Span;
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    [Fact]
    public async Task A_provider_creates_its_sd_with_its_own_keys_cannot_touch_them_again_and_deletes_it_when_empty()
    {
        using var phone = await RegisteredPhoneAsync();
        var key = Hex.Parse("303132333435363738393A3B3C3D3E3F");
        var keys = new
        {
            keyVersion = 0x21,
            keys = Enumerable.Repeat(Hex.Format(new DesCipher(SpDomainSetup.Kek).EncryptEcb(key)), 3).ToArray(),
            keyCheckValues = Enumerable.Repeat(Hex.Format(DesMac.KeyCheckValue(key)), 3).ToArray(),
        };
        // A KCV that does not match is bad KEK data: 400, nothing queued.
        using (var bad = await SendAsync(phone.SeId, new { operation = "create-security-domain", securityDomainAid = SpDomainSetup.BankSd, keys = keys with { keyCheckValues = ["000000", "000000", "000000"] } }))
            await HttpAssert.ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Null(OnCard(phone, SpDomainSetup.BankSd));

        var created = await DoAsync(phone, new { operation = "create-security-domain", securityDomainAid = SpDomainSetup.BankSd, keys });
        Assert.Equal("create-security-domain", created.Operation);
        Assert.Equal(SpDomainSetup.BankSd, created.SecurityDomainAid);
        var sd = OnCard(phone, SpDomainSetup.BankSd)!;
        Assert.Equal(LifeCycle.Personalized, sd.LifeCycle);
        Assert.Equal(Hex.Format(key), Assert.Single(sd.SecurityDomain!.KeySets).Enc);
        var domains = await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISeGrain>(phone.SeId).SecurityDomains();
        Assert.Equal("bank", domains[SpDomainSetup.BankSd].Owner);
        // The operation record names who asked and what: the provider, the SD operation, the SD.
        var records = await gateway.Client.GetFromJsonAsync<JsonElement>(new Uri($"/admin/v1/operations?seId={phone.SeId}", UriKind.Relative));
        Assert.Contains(records.EnumerateArray(), r => r.GetProperty("actor").GetString() == "sp:bank"
            && r.GetProperty("operation").GetString() == "create-security-domain"
            && r.GetProperty("applicationAid").GetString() == SpDomainSetup.BankSd);

        // Isolation: another provider's platform cannot delete it; the platform does not hold its keys now.
        using (var foreign = await SendAsync(phone.SeId, new { operation = "delete-security-domain", securityDomainAid = SpDomainSetup.BankSd }, SpDomainSetup.OtherKey))
            await HttpAssert.ProblemAsync(foreign, HttpStatusCode.Forbidden);
        using (var again = await SendAsync(phone.SeId, new { operation = "create-security-domain", securityDomainAid = SpDomainSetup.BankSd, keys }))
            await HttpAssert.ProblemAsync(again, HttpStatusCode.Conflict);
        using (var update = await SendAsync(phone.SeId, new { operation = "update-security-domain-keys", securityDomainAid = SpDomainSetup.BankSd, keys = keys with { keyVersion = 0x22 } }))
            await HttpAssert.ProblemAsync(update, HttpStatusCode.Conflict);
        // The ISD is the operator's: no provider reaches it.
        using (var isd = await SendAsync(phone.SeId, new { operation = "delete-security-domain", securityDomainAid = "A0000001510000" }))
            await HttpAssert.ProblemAsync(isd, HttpStatusCode.NotFound);

        await DoAsync(phone, new { operation = "delete-security-domain", securityDomainAid = SpDomainSetup.BankSd });
        Assert.Null(OnCard(phone, SpDomainSetup.BankSd));
        Assert.Empty(await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISeGrain>(phone.SeId).SecurityDomains());
    }

    [Fact]
    public async Task Mode_3_personalizes_the_purse_through_the_isd_and_bad_tk_data_is_refused_before_anything_runs()
    {
        using var phone = await RegisteredPhoneAsync();
        await DoAsync(phone, new { operation = "download", applicationAid = SpDomainSetup.IsdPurse });
        var data = SpDomainSetup.ProviderData(4_321);
        var broken = Hex.Parse(data);
        broken[^1] ^= 0x55;
        using (var bad = await SendAsync(phone.SeId, new { operation = "personalize", applicationAid = SpDomainSetup.IsdPurse, mode = 3, data = Hex.Format(broken) }))
            await HttpAssert.ProblemAsync(bad, HttpStatusCode.BadRequest);
        using (var badMode = await SendAsync(phone.SeId, new { operation = "personalize", applicationAid = SpDomainSetup.IsdPurse, mode = 4, data }))
            await HttpAssert.ProblemAsync(badMode, HttpStatusCode.BadRequest);
        // Another provider cannot personalize the bank's purse.
        using (var foreign = await SendAsync(phone.SeId, new { operation = "personalize", applicationAid = SpDomainSetup.IsdPurse, mode = 3, data }, SpDomainSetup.OtherKey))
            await HttpAssert.ProblemAsync(foreign, HttpStatusCode.Forbidden);

        var done = await DoAsync(phone, new { operation = "personalize", applicationAid = SpDomainSetup.IsdPurse, mode = 3, data });
        Assert.Equal("personalize", done.Operation);
        Assert.Equal(4_321u, Balance(phone, SpDomainSetup.IsdPurse));
        var states = await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISeGrain>(phone.SeId).ApplicationStates();
        Assert.Equal(ApplicationState.Useable, states[SpDomainSetup.IsdPurse]);
    }

    [Fact]
    public async Task Mode_2_the_download_creates_the_operator_sd_first_and_the_purse_is_personalized_in_its_channel()
    {
        using var phone = await RegisteredPhoneAsync();
        await DoAsync(phone, new { operation = "download", applicationAid = SpDomainSetup.SdPurse });
        var sd = OnCard(phone, SpDomainSetup.OperatorSd)!;
        Assert.Equal(LifeCycle.Personalized, sd.LifeCycle);
        Assert.Equal(0x30, Assert.Single(sd.SecurityDomain!.KeySets).Version);
        Assert.Equal(SpDomainSetup.OperatorSd, OnCard(phone, SpDomainSetup.SdPurse)!.AssociatedSd);
        await DoAsync(phone, new { operation = "personalize", applicationAid = SpDomainSetup.SdPurse, mode = 2, data = SpDomainSetup.ProviderData(99) });
        Assert.Equal(99u, Balance(phone, SpDomainSetup.SdPurse));
        // The SD is not empty: the provider cannot delete it (nor is it the provider's to delete).
        using var delete = await SendAsync(phone.SeId, new { operation = "delete-security-domain", securityDomainAid = SpDomainSetup.OperatorSd });
        await HttpAssert.ProblemAsync(delete, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_download_creates_the_providers_missing_sd_with_its_initial_keys_tells_the_provider_and_its_key_update_extradites_the_purse()
    {
        using var phone = await RegisteredPhoneAsync();
        // Requirement 5.8.4.1: the SD is created first (requirement 5.8.3.1: with its initial keys, the provider's to replace).
        var download = await DoAsync(phone, new { operation = "download", applicationAid = SpDomainSetup.BankSdPurse });
        var sd = OnCard(phone, SpDomainSetup.BankSd)!;
        Assert.Equal(LifeCycle.Selectable, sd.LifeCycle);
        // Not PERSONALIZED: it takes no content yet (GP 2.2.1 §9.4.1); the purse is installed with the ISD meanwhile.
        Assert.Equal("A0000001510000", OnCard(phone, SpDomainSetup.BankSdPurse)!.AssociatedSd, StringComparer.OrdinalIgnoreCase);
        var domains = await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISeGrain>(phone.SeId).SecurityDomains();
        Assert.False(domains[SpDomainSetup.BankSd].Personalized);
        Assert.Equal("bank", domains[SpDomainSetup.BankSd].Owner);

        // The bank's platform that may update its SD keys is told, by a callback stored for it (not the one that asked).
        var store = gateway.Services.GetRequiredService<SpCallbackStore>();
        var notice = await store.GetAsync($"{download.TaskId}/keys/{SpDomainSetup.KeysPlatform}");
        Assert.NotNull(notice);
        using (var body = JsonDocument.Parse(notice.Body))
        {
            var needed = body.RootElement.GetProperty("securityDomainKeysNeeded");
            Assert.Equal(SpDomainSetup.BankSd, needed.GetProperty("securityDomainAid").GetString());
            Assert.Equal(1, needed.GetProperty("initialKeyVersion").GetInt32());
            Assert.Equal(phone.SeId, body.RootElement.GetProperty("task").GetProperty("seId").GetString());
        }
        Assert.Null(await store.GetAsync($"{download.TaskId}/keys/bank")); // no callback URL, nothing stored

        // The provider's keys under its KEK: the SD is PERSONALIZED with them, and the purse goes to it.
        var key = Hex.Parse("505152535455565758595A5B5C5D5E5F");
        var keys = new
        {
            keyVersion = 0x23,
            keys = Enumerable.Repeat(Hex.Format(new DesCipher(SpDomainSetup.Kek).EncryptEcb(key)), 3).ToArray(),
            keyCheckValues = Enumerable.Repeat(Hex.Format(DesMac.KeyCheckValue(key)), 3).ToArray(),
        };
        await DoAsync(phone, new { operation = "update-security-domain-keys", securityDomainAid = SpDomainSetup.BankSd, keys });
        sd = OnCard(phone, SpDomainSetup.BankSd)!;
        Assert.Equal(LifeCycle.Personalized, sd.LifeCycle);
        Assert.Equal(Hex.Format(key), Assert.Single(sd.SecurityDomain!.KeySets).Enc);
        Assert.Equal(SpDomainSetup.BankSd, OnCard(phone, SpDomainSetup.BankSdPurse)!.AssociatedSd);
        domains = await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISeGrain>(phone.SeId).SecurityDomains();
        Assert.True(domains[SpDomainSetup.BankSd].Personalized);

        // A second application of the SD downloads straight into it now.
        await DoAsync(phone, new { operation = "delete", applicationAid = SpDomainSetup.BankSdPurse });
        await DoAsync(phone, new { operation = "download", applicationAid = SpDomainSetup.BankSdPurse });
        Assert.Equal(SpDomainSetup.BankSd, OnCard(phone, SpDomainSetup.BankSdPurse)!.AssociatedSd);
    }

    [Fact]
    public async Task Application_commands_pass_through_in_mode_1_and_return_the_cards_answers()
    {
        using var phone = await RegisteredPhoneAsync();
        await DoAsync(phone, new { operation = "download", applicationAid = SpDomainSetup.IsdPurse });
        // Before personalization GET BALANCE answers 6985: the provider sees the SE's own answer.
        var status = await DoAsync(phone, new { operation = "application-commands", applicationAid = SpDomainSetup.IsdPurse, commands = new[] { "805C000204" } });
        Assert.Equal(["6985"], status.Responses);
        using var bad = await SendAsync(phone.SeId, new { operation = "application-commands", applicationAid = SpDomainSetup.IsdPurse, commands = new[] { "80" } });
        await HttpAssert.ProblemAsync(bad, HttpStatusCode.BadRequest);
    }
}

/// <summary>Configuration of the SD and personalization tests: SDs, purses with templates, the bank's TK and KEK.</summary>
internal static class SpDomainSetup
{
    public const string BankKey = "bank-domains-api-key-0001";
    public const string OtherKey = "other-domains-api-key-0002";
    public const string BankSd = "A000000151535300BB";
    public const string OperatorSd = "A000000151535300AA";
    public const string IsdPurse = "A0000007770101";
    public const string SdPurse = "A0000007770102";
    public const string BankSdPurse = "A0000007770103";

    /// <summary>A provincial application (requirement 5.4.1): Guangdong (440000) only.</summary>
    public const string GuangdongPurse = "A0000007770104";

    /// <summary>A platform of the bank that only updates its SD keys, with a callback URL (nothing listens: the stored row is read).</summary>
    public const string KeysPlatform = "bank-keys";
    public static readonly byte[] Tk = Hex.Parse("1111111111111111AAAAAAAAAAAAAAAA");
    public static readonly byte[] Kek = Hex.Parse("2222222222222222BBBBBBBBBBBBBBBB");
    private static readonly byte[] PurseKey = Hex.Parse("0123456789ABCDEFFEDCBA9876543210");

    /// <summary>The development storage key of appsettings.json, which protects the configured keys.</summary>
    private const string StorageKey = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";

    public static string ProviderData(uint balance)
    {
        var keyUnderKek = new DesCipher(Kek).EncryptEcb(PurseKey);
        byte[] balanceBytes = [(byte)(balance >> 24), (byte)(balance >> 16), (byte)(balance >> 8), (byte)balance];
        byte[] dgis = [.. new Dgi(0x0101, keyUnderKek).ToArray(), .. new Dgi(0x0102, balanceBytes).ToArray()];
        return Hex.Format(new DesCipher(Tk).EncryptCbc(new byte[8], DesMac.Pad(dgis)));
    }

    public static string[] Arguments()
    {
        var keys = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = StorageKey }));
        return
        [
            "--ServiceProviders:SyncWait", "00:00:05",
            "--ServiceProviders:Platforms:bank:ApiKeySha256:0", SpSetup.Sha256Hex(BankKey),
            .. Grant("bank", "bank"),
            "--ServiceProviders:Platforms:other:ApiKeySha256:0", SpSetup.Sha256Hex(OtherKey),
            .. Grant("other", "other"),
            "--KeyService:Providers:bank:TransportKey", keys.Protect(Tk),
            "--KeyService:Providers:bank:Kek", keys.Protect(Kek),
            "--Catalogue:SecurityDomains:0:Aid", OperatorSd, "--Catalogue:SecurityDomains:0:FixedSpace", "4096",
            "--Catalogue:SecurityDomains:1:Aid", BankSd, "--Catalogue:SecurityDomains:1:Owner", "bank",
            .. Purse(1, IsdPurse, ""),
            .. Purse(2, SdPurse, OperatorSd),
            .. Purse(3, BankSdPurse, BankSd),
            .. Purse(4, GuangdongPurse, ""), "--Catalogue:Applications:4:Provinces:0", "440000",
            $"--ServiceProviders:Platforms:{KeysPlatform}:ApiKeySha256:0", SpSetup.Sha256Hex("bank-keys-api-key-0003"),
            $"--ServiceProviders:Platforms:{KeysPlatform}:Providers:bank:0", SpCapabilities.UpdateSecurityDomainKeys,
            $"--ServiceProviders:Platforms:{KeysPlatform}:CallbackUrl", "http://127.0.0.1:9/keys",
            $"--ServiceProviders:Platforms:{KeysPlatform}:CallbackSecret", "bank-keys-callback-secret-0123456789",
        ];
    }

    private static string[] Grant(string platform, string provider) =>
        [.. SpCapabilities.All.SelectMany((c, i) => new[] { $"--ServiceProviders:Platforms:{platform}:Providers:{provider}:{i}", c })];

    private static string[] Purse(int index, string aid, string sd)
    {
        var at = $"--Catalogue:Applications:{index}:";
        return
        [
            at + "Aid", aid, at + "Name", "bank purse", at + "LoadFileAid", $"A000000777F{index}",
            at + "Instances:0:ModuleAid", aid, at + "Instances:0:InstanceAid", aid,
            at + "CapFile", "demo:2048", at + "ServiceProvider", "bank", at + "Status", "Published",
            at + "SecurityDomainAid", sd,
            at + "Personalization:Fields:0:Dgi", "0101", at + "Personalization:Fields:0:Sensitive", "true",
            at + "Personalization:Fields:1:Dgi", "0102",
        ];
    }
}

/// <summary>A gateway configured for the SD and personalization tests.</summary>
public sealed class SpDomainGatewayFixture : ConfiguredGatewayFixture
{
    protected override string[] Arguments() => SpDomainSetup.Arguments();
}

[CollectionDefinition(Name)]
public sealed class SpDomainGatewayCollection : ICollectionFixture<SpDomainGatewayFixture>
{
    public const string Name = "sp-domain-gateway";
}
