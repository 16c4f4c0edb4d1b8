using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// The operator's operations over HTTP (/admin/v1): an ISD key rotation across the demo batch with both key
/// versions live meanwhile (requirement 5.8.9.3), and the operator's own SD created with generated keys and deleted (5.8.3).
/// </summary>
[Collection(PlatformGatewayCollection.Name)]
public sealed class PlatformOperationsTests(PlatformGatewayFixture gateway)
{
    private const string Isd = "A0000001510000";
    private const string DemoApp = "A000000333010101";
    private static int s_next;

    private static string NewSeId() => $"8600000000000000{Interlocked.Increment(ref s_next) + 0x9000:X4}";

    private async Task<Phone> RegisteredPhoneAsync()
    {
        var phone = new Phone(gateway.BaseAddress, NewSeId(), "13933334444");
        await phone.LoginAsync();
        return phone;
    }

    private async Task<HttpResponseMessage> OrderAsync(string seId, object body) =>
        await gateway.Client.PostAsJsonAsync(new Uri($"/admin/v1/ses/{seId}/operations", UriKind.Relative), body);

    /// <summary>Queues an operator operation, lets the phone's wallet run it at its next logins, and returns the task's end.</summary>
    private async Task<JsonElement> DoAsync(Phone phone, object body)
    {
        using var response = await OrderAsync(phone.SeId, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        var taskId = JsonDocument.Parse(text).RootElement.GetProperty("taskId").GetString()!;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var status = await gateway.Client.GetFromJsonAsync<JsonElement>(new Uri($"/admin/v1/tasks/{taskId}", UriKind.Relative));
            if (status.GetProperty("state").GetString() is "succeeded" or "failed" or "aborted")
                return status;
            var login = await phone.LoginAsync();
            if (login.SessionId is null)
                await Task.Delay(50);
        }
        throw new TimeoutException("The task did not end.");
    }

    private static KeySetRecord IsdKeys(Phone phone) => phone.Card.Image.Applications.Single(a => a.Aid == Isd).SecurityDomain!.KeySets.Single();

    [Fact]
    public async Task An_isd_key_rotation_across_the_batch_keeps_both_key_versions_working_until_every_se_has_the_new_one()
    {
        using var rotated = await RegisteredPhoneAsync();
        using var later = await RegisteredPhoneAsync();
        var done = await DoAsync(rotated, new { operation = "update-security-domain-keys" });
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(0x20, IsdKeys(rotated).Version);
        Assert.Equal(PlatformGatewayFixture.NewMasterKey, IsdKeys(rotated).Enc);
        Assert.Equal(0x01, IsdKeys(later).Version);

        // Two versions live across the batch: both SEs take a download, each opened with its own version.
        Assert.Equal(WalletTaskState.Succeeded, (await rotated.DoAsync(WalletOperation.Download, DemoApp)).State);
        Assert.Equal(WalletTaskState.Succeeded, (await later.DoAsync(WalletOperation.Download, DemoApp)).State);
        using (var again = await OrderAsync(rotated.SeId, new { operation = "update-security-domain-keys" }))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // The batch rotation queues the update where it is still due: here on the SE not yet rotated.
        using var rotation = await gateway.Client.PostAsync(new Uri("/admin/v1/batches/demo/key-rotation", UriKind.Relative), null);
        var started = await rotation.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(rotation.StatusCode == HttpStatusCode.Accepted, started.ToString());
        var job = rotation.Headers.Location!;
        var summary = started;
        for (var attempt = 0; attempt < 100 && summary.GetProperty("state").GetString() == "running"; attempt++)
        {
            await Task.Delay(20);
            summary = await gateway.Client.GetFromJsonAsync<JsonElement>(job);
        }
        Assert.Equal("done", summary.GetProperty("state").GetString());
        Assert.Equal(0x20, summary.GetProperty("targetKeyVersion").GetInt32());
        Assert.True(summary.GetProperty("queued").GetInt32() >= 1, summary.ToString());
        Assert.True(summary.GetProperty("upToDate").GetInt32() >= 1, summary.ToString());
        // Started again before the SE ran its update: nothing is queued twice.
        using (var again2 = await gateway.Client.PostAsync(new Uri("/admin/v1/batches/demo/key-rotation", UriKind.Relative), null))
        {
            var second = await again2.Content.ReadFromJsonAsync<JsonElement>();
            for (var attempt = 0; attempt < 100 && second.GetProperty("state").GetString() == "running"; attempt++)
            {
                await Task.Delay(20);
                second = await gateway.Client.GetFromJsonAsync<JsonElement>(again2.Headers.Location!);
            }
            Assert.Equal(0, second.GetProperty("queued").GetInt32());
        }
        for (var attempt = 0; attempt < 50 && IsdKeys(later).Version != 0x20; attempt++)
            await later.LoginAsync();
        Assert.Equal(0x20, IsdKeys(later).Version);
        using var unknown = await gateway.Client.PostAsync(new Uri("/admin/v1/batches/nope/key-rotation", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var unknownJob = await gateway.Client.GetAsync(new Uri("/admin/v1/key-rotations/nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknownJob.StatusCode);
    }

    [Fact]
    public async Task An_operator_sd_whose_key_update_period_has_passed_gets_new_keys_at_the_next_login()
    {
        using var phone = await RegisteredPhoneAsync();
        await DoAsync(phone, new { operation = "create-security-domain", securityDomainAid = PlatformGatewayFixture.PeriodicSd });
        KeySetRecord Keys() => phone.Card.Image.Applications.Single(a => a.Aid == PlatformGatewayFixture.PeriodicSd).SecurityDomain!.KeySets.Single();
        var first = Keys();
        Assert.Equal(0x30, first.Version);
        gateway.Clock.Advance(PlatformGatewayFixture.KeyUpdatePeriod - TimeSpan.FromMinutes(1));
        Assert.Null((await phone.LoginAsync()).SessionId); // not due yet: nothing queued
        Assert.Equal(0x30, Keys().Version);
        gateway.Clock.Advance(TimeSpan.FromMinutes(2)); // the period has passed
        for (var attempt = 0; attempt < 20 && Keys().Version == 0x30; attempt++)
            await phone.LoginAsync();
        Assert.Equal(0x31, Keys().Version);
        Assert.NotEqual(first.Enc, Keys().Enc);
        var records = await gateway.Client.GetFromJsonAsync<JsonElement>(new Uri($"/admin/v1/operations?seId={phone.SeId}", UriKind.Relative));
        Assert.Contains(records.EnumerateArray(), r => r.GetProperty("operation").GetString() == "update-security-domain-keys"
            && r.GetProperty("actor").GetString() == "platform" && r.GetProperty("result").GetString() == "succeeded");
    }

    [Fact]
    public async Task An_info_sync_forgets_an_sd_that_left_the_se_out_of_band()
    {
        using var phone = await RegisteredPhoneAsync();
        await DoAsync(phone, new { operation = "create-security-domain", securityDomainAid = PlatformGatewayFixture.OperatorSd });
        Assert.Contains(PlatformGatewayFixture.OperatorSd, (await gateway.Grains.GetGrain<Tsm.Grains.Ota.ISeGrain>(phone.SeId).SecurityDomains()).Keys);
        // Someone else removed it from the SE (another management system, a reset): the platform learns it at a sync.
        phone.Card.Image.Applications.RemoveAll(a => a.Aid == PlatformGatewayFixture.OperatorSd);
        Assert.Equal("succeeded", (await DoAsync(phone, new { operation = "sync" })).GetProperty("state").GetString());
        Assert.Empty(await gateway.Grains.GetGrain<Tsm.Grains.Ota.ISeGrain>(phone.SeId).SecurityDomains());
    }

    [Fact]
    public async Task An_sd_whose_rule_says_so_is_created_with_its_first_application_and_deleted_with_its_last()
    {
        using var phone = await RegisteredPhoneAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Download, PlatformGatewayFixture.RuleApp)).State);
        Assert.Equal(PlatformGatewayFixture.RuleSd, phone.Card.Image.Applications.Single(a => a.Aid == PlatformGatewayFixture.RuleApp).AssociatedSd);
        Assert.Equal(LifeCycle.Personalized, phone.Card.Image.Applications.Single(a => a.Aid == PlatformGatewayFixture.RuleSd).LifeCycle);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Delete, PlatformGatewayFixture.RuleApp)).State);
        Assert.DoesNotContain(phone.Card.Image.Applications, a => a.Aid == PlatformGatewayFixture.RuleSd || a.Aid == PlatformGatewayFixture.RuleApp);
        Assert.Empty(await gateway.Grains.GetGrain<Tsm.Grains.Ota.ISeGrain>(phone.SeId).SecurityDomains());
        // Downloaded again: the SD is created again.
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Download, PlatformGatewayFixture.RuleApp)).State);
        Assert.Contains(phone.Card.Image.Applications, a => a.Aid == PlatformGatewayFixture.RuleSd);
    }

    [Fact]
    public async Task The_operators_sd_is_created_with_keys_the_platform_generates_and_deleted_the_isd_never()
    {
        using var phone = await RegisteredPhoneAsync();
        using (var isd = await OrderAsync(phone.SeId, new { operation = "delete-security-domain", securityDomainAid = Isd }))
            Assert.Equal(HttpStatusCode.Conflict, isd.StatusCode);
        using (var unknown = await OrderAsync(phone.SeId, new { operation = "create-security-domain", securityDomainAid = "A0000001515353FFFF" }))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var malformed = await OrderAsync(phone.SeId, new { operation = "create-security-domain", securityDomainAid = "XYZ" }))
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var created = await DoAsync(phone, new { operation = "create-security-domain", securityDomainAid = PlatformGatewayFixture.OperatorSd });
        Assert.Equal("succeeded", created.GetProperty("state").GetString());
        var sd = phone.Card.Image.Applications.Single(a => a.Aid == PlatformGatewayFixture.OperatorSd);
        Assert.Equal(LifeCycle.Personalized, sd.LifeCycle);
        var keys = sd.SecurityDomain!.KeySets.Single();
        Assert.Equal(0x30, keys.Version);
        Assert.NotEqual(CardFactory.GlobalPlatformTestKey, keys.Enc); // the initial (ISD) keys were replaced
        using (var twice = await OrderAsync(phone.SeId, new { operation = "create-security-domain", securityDomainAid = PlatformGatewayFixture.OperatorSd }))
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        // Its key update: the next version, generated again.
        var updated = await DoAsync(phone, new { operation = "update-security-domain-keys", securityDomainAid = PlatformGatewayFixture.OperatorSd });
        Assert.Equal("succeeded", updated.GetProperty("state").GetString());
        var next = phone.Card.Image.Applications.Single(a => a.Aid == PlatformGatewayFixture.OperatorSd).SecurityDomain!.KeySets.Single();
        Assert.Equal(0x31, next.Version);
        Assert.NotEqual(keys.Enc, next.Enc);

        // An info sync keeps what the SE holds.
        Assert.Equal("succeeded", (await DoAsync(phone, new { operation = "sync" })).GetProperty("state").GetString());
        Assert.True((await gateway.Grains.GetGrain<Tsm.Grains.Ota.ISeGrain>(phone.SeId).SecurityDomains())[PlatformGatewayFixture.OperatorSd].Personalized);

        var deleted = await DoAsync(phone, new { operation = "delete-security-domain", securityDomainAid = PlatformGatewayFixture.OperatorSd });
        Assert.Equal("succeeded", deleted.GetProperty("state").GetString());
        Assert.DoesNotContain(phone.Card.Image.Applications, a => a.Aid == PlatformGatewayFixture.OperatorSd);
    }
}

/// <summary>A gateway whose demo batch has a second ISD master key (version 20) and an operator SD defined.</summary>
public sealed class PlatformGatewayFixture : ConfiguredGatewayFixture
{
    public const string OperatorSd = "A000000151535300AA";
    public const string NewMasterKey = "505152535455565758595A5B5C5D5E5F";

    /// <summary>An operator SD whose deletion rule deletes it with its last application, and an application in it.</summary>
    public const string RuleSd = "A000000151535300AB";
    public const string RuleApp = "A00000033302020101";

    /// <summary>An operator SD whose keys are to be updated every <see cref="KeyUpdatePeriod"/> (requirement 5.3.1 key update period).</summary>
    public const string PeriodicSd = "A000000151535300AC";

    public static readonly TimeSpan KeyUpdatePeriod = TimeSpan.FromDays(1);
    private const string StorageKey = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    // The key update period passes when a test advances the domain's clock, not by waiting.
    protected override bool UsesFakeClock => true;

    /// <summary>A second ISD master key (version 20) for the demo batch: the target of its key rotation (requirement 5.8.9.3).</summary>
    public static string[] NewMasterKeyArguments()
    {
        var keys = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = StorageKey }));
        return ["--Catalogue:Batches:0:MasterKeyRefs:20", "gp-new", "--KeyService:MasterKeys:gp-new", keys.Protect(Hex.Parse(NewMasterKey))];
    }

    protected override string[] Arguments() =>
        [
            .. NewMasterKeyArguments(),
            "--Catalogue:SecurityDomains:0:Aid", OperatorSd,
            "--Catalogue:SecurityDomains:0:FixedSpace", "2048",
            "--Catalogue:SecurityDomains:1:Aid", RuleSd,
            "--Catalogue:SecurityDomains:1:DeleteWithLastApplication", "true",
            "--Catalogue:SecurityDomains:2:Aid", PeriodicSd,
            "--Catalogue:SecurityDomains:2:KeyUpdatePeriod", KeyUpdatePeriod.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            "--Catalogue:Applications:1:Aid", RuleApp, "--Catalogue:Applications:1:LoadFileAid", "A0000003330202",
            "--Catalogue:Applications:1:Instances:0:ModuleAid", RuleApp, "--Catalogue:Applications:1:Instances:0:InstanceAid", RuleApp,
            "--Catalogue:Applications:1:CapFile", "demo:2048", "--Catalogue:Applications:1:ServiceProvider", "demo",
            "--Catalogue:Applications:1:SecurityDomainAid", RuleSd,
        ];
}

[CollectionDefinition(Name)]
public sealed class PlatformGatewayCollection : ICollectionFixture<PlatformGatewayFixture>
{
    public const string Name = "platform-gateway";
}
