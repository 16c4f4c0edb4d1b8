using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Reqnroll;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card.Applets;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>
/// Security domains (requirements 5.3, 5.8.3), personalization (5.8.4.6) and the capability API (5.7.1): a platform's requests
/// over real HTTP to the in-process gateway, a phone online running the sessions, checks on the simulated SE itself.
/// </summary>
[Binding]
public sealed class ServiceProviderSteps(SpScenario sp)
{
    private ExtendedCardResources? _noted;

    private static byte ParseVersion(string hex) => byte.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Given("^a registered phone whose SE runs the e-purse$")]
    public async Task GivenARegisteredPhone()
    {
        await sp.RegisterPhoneAsync();
        Assert.NotNull(sp.Phone.TokenOnCard());
    }

    // ---- requests ----

    [When(@"^the (\w+) platform creates security domain ([0-9A-F]+) with key ([0-9A-F]{32}) of version ([0-9A-F]{2}) under its KEK$")]
    public Task WhenCreatesSd(string platform, string sd, string key, string version) =>
        sp.OperateAsync(SpPlatform.ApiKeyOf(platform), new { operation = "create-security-domain", securityDomainAid = sd, keys = SpPlatform.KeySet(ParseVersion(version), Hex.Parse(key)) });

    [Given(@"^the (\w+) platform has created security domain ([0-9A-F]+) with key ([0-9A-F]{32}) of version ([0-9A-F]{2}) under its KEK$")]
    public async Task GivenCreatedSd(string platform, string sd, string key, string version)
    {
        await WhenCreatesSd(platform, sd, key, version);
        ThenAnswersWithTask(200, "create-security-domain");
    }

    [When(@"^the (\w+) platform creates security domain ([0-9A-F]+) without keys$")]
    public Task WhenCreatesSdWithoutKeys(string platform, string sd) =>
        sp.OperateAsync(SpPlatform.ApiKeyOf(platform), new { operation = "create-security-domain", securityDomainAid = sd });

    [When(@"^the (\w+) platform updates the keys of security domain ([0-9A-F]+) to key ([0-9A-F]{32}) of version ([0-9A-F]{2}) under its KEK$")]
    public Task WhenUpdatesKeys(string platform, string sd, string key, string version) =>
        sp.OperateAsync(SpPlatform.ApiKeyOf(platform), new { operation = "update-security-domain-keys", securityDomainAid = sd, keys = SpPlatform.KeySet(ParseVersion(version), Hex.Parse(key)) });

    [When(@"^the (\w+) platform deletes security domain ([0-9A-F]+)$")]
    public Task WhenDeletesSd(string platform, string sd) =>
        sp.OperateAsync(SpPlatform.ApiKeyOf(platform), new { operation = "delete-security-domain", securityDomainAid = sd });

    [When(@"^the (\w+) platform (downloads|locks) application ([0-9A-F]+)$")]
    public Task WhenApplicationOperation(string platform, string verb, string aid) =>
        sp.OperateAsync(SpPlatform.ApiKeyOf(platform), new { operation = verb == "downloads" ? "download" : "lock", applicationAid = aid });

    [Given(@"^the (\w+) platform has downloaded application ([0-9A-F]+)$")]
    public async Task GivenDownloaded(string platform, string aid)
    {
        await WhenApplicationOperation(platform, "downloads", aid);
        ThenAnswersWithTask(200, "download");
    }

    [When(@"^a platform asks to download application ([0-9A-F]+) without an API key$")]
    public Task WhenNoKey(string aid) => sp.OperateAsync(null, new { operation = "download", applicationAid = aid });

    [When(@"^a platform asks to download application ([0-9A-F]+) with the API key ""([^""]+)""$")]
    public Task WhenWrongKey(string aid, string key) => sp.OperateAsync(key, new { operation = "download", applicationAid = aid });

    [When(@"^the (\w+) platform personalizes application ([0-9A-F]+) in mode ([23]) with a balance of (\d+) under its TK$")]
    public Task WhenPersonalizes(string platform, string aid, int mode, uint balance) => PersonalizeAsync(platform, aid, mode, balance, corrupt: false);

    [When(@"^the (\w+) platform personalizes application ([0-9A-F]+) in mode ([23]) with a balance of (\d+) under its TK, the last byte corrupted$")]
    public Task WhenPersonalizesCorrupted(string platform, string aid, int mode, uint balance) => PersonalizeAsync(platform, aid, mode, balance, corrupt: true);

    private Task PersonalizeAsync(string platform, string aid, int mode, uint balance, bool corrupt)
    {
        var data = SpPlatform.ProviderData(balance);
        if (corrupt)
            data[^1] ^= 0x55;
        return sp.OperateAsync(SpPlatform.ApiKeyOf(platform), new { operation = "personalize", applicationAid = aid, mode, data = Hex.Format(data) });
    }

    [When(@"^the (\w+) platform personalizes application ([0-9A-F]+) in mode 1 with a PUT DATA of the balance (\d+) under the purse's initial key$")]
    public Task WhenPersonalizesInMode1(string platform, string aid, uint balance)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, balance);
        var mac = EPurseApplet.PutDataMac(SpPlatform.InitialPurseKey, 0x01, 0x02, value, counter: 0);
        var putData = "80DA01020C" + Hex.Format(value) + Hex.Format(mac);
        return sp.OperateAsync(SpPlatform.ApiKeyOf(platform), new { operation = "personalize", applicationAid = aid, mode = 1, commands = new[] { putData } });
    }

    // ---- answers ----

    [Then(@"^the platform answers (\d+) with the ""([a-z-]+)"" task succeeded$")]
    public void ThenAnswersWithTask(int status, string operation)
    {
        Assert.True((HttpStatusCode)status == sp.LastStatus, $"expected {status}, got {(int)sp.LastStatus}: {sp.LastBody}");
        var task = sp.LastTask();
        Assert.Equal(operation, task.Operation);
        Assert.True(task.State == "succeeded", sp.LastBody);
    }

    [Then(@"^the platform answers (\d+)$")]
    public void ThenAnswersProblem(int status) => ThenAnswersProblem(status, "");

    [Then(@"^the platform answers (\d+) ""([^""]+)""$")]
    public void ThenAnswersProblem(int status, string title)
    {
        Assert.True((HttpStatusCode)status == sp.LastStatus, $"expected {status}, got {(int)sp.LastStatus}: {sp.LastBody}");
        using var problem = JsonDocument.Parse(sp.LastBody);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        if (!string.IsNullOrEmpty(title))
            Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
    }

    [Then(@"^the answer does not show the key ""([^""]+)""$")]
    public void ThenKeyNotShown(string key) => Assert.DoesNotContain(key, sp.LastBody, StringComparison.Ordinal);

    [Then("^nothing is queued for the SE$")]
    public async Task ThenNothingQueued() => Assert.Empty(await sp.QueueAsync());

    [Then(@"^the task is (\w+)'s and names application ([0-9A-F]+)$")]
    public void ThenTaskOf(string provider, string aid)
    {
        var task = sp.LastTask();
        Assert.Equal(provider, task.ServiceProvider);
        Assert.Equal(aid, task.ApplicationAid);
        Assert.StartsWith(sp.Phone.SeId + ".", task.TaskId, StringComparison.Ordinal);
    }

    // ---- the SE ----

    [Then(@"^the SE holds security domain ([0-9A-F]+) as (PERSONALIZED|SELECTABLE)$")]
    public void ThenSeHoldsSd(string sd, string lifeCycle) => ThenSeHoldsSd(sd, lifeCycle, null);

    [Then(@"^the SE holds security domain ([0-9A-F]+) as (PERSONALIZED|SELECTABLE), associated with the ISD, with$")]
    public void ThenSeHoldsSd(string sd, string lifeCycle, Table? attributes)
    {
        var record = sp.OnCard(sd) ?? throw new InvalidOperationException($"The SE does not list {sd}.");
        Assert.NotNull(record.SecurityDomain);
        Assert.Equal(lifeCycle == "PERSONALIZED" ? LifeCycle.Personalized : LifeCycle.Selectable, record.LifeCycle);
        Assert.Equal(SpPlatform.IsdAid, record.AssociatedSd);
        var domain = record.SecurityDomain!;
        foreach (var row in attributes?.Rows ?? Enumerable.Empty<DataTableRow>())
        {
            var expected = row["value"];
            var actual = row["attribute"] switch
            {
                "privileges" => record.Privileges,
                "mode" => domain.Mode.ToString(CultureInfo.InvariantCulture),
                "fixed space non-volatile" => domain.FixedNonVolatile?.ToString(CultureInfo.InvariantCulture) ?? "none",
                "fixed space volatile" => domain.FixedVolatile?.ToString(CultureInfo.InvariantCulture) ?? "none",
                "may delete itself" => domain.MayDeleteItself ? "yes" : "no",
                "accepts deletion by the ISD" => domain.AcceptsIsdInitiatedDeletion ? "yes" : "no",
                "maximum failed authentications" => domain.MaxFailedAuthentications == 0xFF ? "FF" : domain.MaxFailedAuthentications.ToString(CultureInfo.InvariantCulture),
                "maximum key sets" => domain.MaxKeys.ToString(CultureInfo.InvariantCulture),
                "key version" => Assert.Single(domain.KeySets).Version.ToString("X2", CultureInfo.InvariantCulture),
                var other => throw new InvalidOperationException($"Unknown attribute '{other}'."),
            };
            Assert.True(expected == actual, $"{row["attribute"]}: expected {expected}, the SE has {actual}");
        }
    }

    [Then(@"^the SE holds security domain ([0-9A-F]+) as PERSONALIZED with key set ([0-9A-F]{2})$")]
    public void ThenSeHoldsSdWithKeys(string sd, string version) => ThenSeHoldsSdWithKeys(sd, version, "");

    [Then(@"^the SE holds security domain ([0-9A-F]+) as PERSONALIZED with key set ([0-9A-F]{2}) holding key ([0-9A-F]{32})$")]
    public void ThenSeHoldsSdWithKeys(string sd, string version, string key)
    {
        ThenSeHoldsSd(sd, "PERSONALIZED", null);
        var keySet = Assert.Single(sp.OnCard(sd)!.SecurityDomain!.KeySets);
        Assert.Equal(ParseVersion(version), keySet.Version);
        if (!string.IsNullOrEmpty(key))
        {
            Assert.Equal(key, keySet.Enc);
            Assert.Equal(key, keySet.Mac);
            Assert.Equal(key, keySet.Dek);
        }
    }

    [Then(@"^the platform records personalized security domain ([0-9A-F]+) as owned by (the operator|\w+) with key version ([0-9A-F]{2}) and a fixed space of (\d+) bytes$")]
    public Task ThenPlatformRecordsSd(string sd, string owner, string version, string fixedSpace) => PlatformRecordsAsync(sd, owner, version, fixedSpace);

    [Then(@"^the platform records personalized security domain ([0-9A-F]+) as owned by (the operator|\w+) with key version ([0-9A-F]{2}) in the shared space$")]
    public Task ThenPlatformRecordsSdShared(string sd, string owner, string version) => PlatformRecordsAsync(sd, owner, version, "");

    private async Task PlatformRecordsAsync(string sd, string owner, string version, string fixedSpace)
    {
        var domains = await sp.Se.SecurityDomains();
        Assert.True(domains.TryGetValue(sd, out var view), $"The platform does not record {sd}: {string.Join(", ", domains.Keys)}");
        Assert.Equal(owner == "the operator" ? Grains.Catalogue.SecurityDomainDefinition.OperatorOwner : owner, view!.Owner);
        Assert.Equal(ParseVersion(version), view.KeyVersion);
        Assert.True(view.Personalized, $"The platform records {sd} as not personalized.");
        Assert.Equal(string.IsNullOrEmpty(fixedSpace) ? null : long.Parse(fixedSpace, CultureInfo.InvariantCulture), view.FixedSpace);
    }

    [Then(@"^the platform no longer records security domain ([0-9A-F]+)$")]
    public async Task ThenPlatformNoLongerRecords(string sd) => Assert.False((await sp.Se.SecurityDomains()).ContainsKey(sd));

    [Then(@"^the SE no longer lists application ([0-9A-F]+)$")]
    public void ThenNotOnCard(string aid) => Assert.Null(sp.OnCard(aid));

    [Then(@"^the SE lists application ([0-9A-F]+)$")]
    public void ThenOnCard(string aid) => ThenOnCard(aid, "");

    [Then(@"^the SE lists application ([0-9A-F]+) associated with security domain ([0-9A-F]+)$")]
    public void ThenOnCard(string aid, string sd)
    {
        var record = sp.OnCard(aid) ?? throw new InvalidOperationException($"The SE does not list {aid}.");
        if (!string.IsNullOrEmpty(sd))
            Assert.Equal(sd, record.AssociatedSd);
    }

    [Then(@"^the SE lists the issuer security domain ([0-9A-F]+)$")]
    public void ThenIsdOnCard(string aid)
    {
        var record = sp.OnCard(aid) ?? throw new InvalidOperationException($"The SE does not list {aid}.");
        Assert.Equal(1, record.SecurityDomain?.Mode);
    }

    [Given("^the SE's free space is noted$")]
    public void GivenFreeSpaceNoted() => _noted = FreeSpace();

    [Then(@"^the SE's free non-volatile space has gone down by at least (\d+) bytes$")]
    public void ThenFreeSpaceDown(long bytes)
    {
        var now = FreeSpace();
        Assert.True(_noted!.FreeNonVolatileMemory - now.FreeNonVolatileMemory >= bytes, $"{_noted.FreeNonVolatileMemory} → {now.FreeNonVolatileMemory}");
    }

    [Then("^the SE's free space is back to what it was$")]
    public void ThenFreeSpaceBack()
    {
        var now = FreeSpace();
        Assert.Equal(_noted!.FreeNonVolatileMemory, now.FreeNonVolatileMemory);
        Assert.Equal(_noted.FreeVolatileMemory, now.FreeVolatileMemory);
    }

    /// <summary>GET DATA FF21 to the ISD, in the clear, while no session runs.</summary>
    private ExtendedCardResources FreeSpace()
    {
        var card = sp.Phone.Card;
        Assert.Equal(StatusWords.Success, ResponseApdu.Parse(card.Transmit(new SelectCommand(Aid.Parse(SpPlatform.IsdAid)).ToApdu().ToArray())).StatusWord);
        var response = ResponseApdu.Parse(card.Transmit(GetDataCommand.ExtendedCardResources.ToApdu().ToArray()));
        Assert.Equal(StatusWords.Success, response.StatusWord);
        return ExtendedCardResources.Parse(response.Data.Span);
    }

    [Then(@"^the purse ([0-9A-F]+) answers GET BALANCE with (\d+)$")]
    public void ThenBalance(string aid, string expected)
    {
        var card = sp.Phone.Card;
        Assert.Equal(StatusWords.Success, ResponseApdu.Parse(card.Transmit(new SelectCommand(Aid.Parse(aid)).ToApdu().ToArray())).StatusWord);
        var response = ResponseApdu.Parse(card.Transmit(Hex.Parse("805C000204")));
        if (expected.Length == 4 && response.StatusWord != StatusWords.Success)
        {
            Assert.Equal(expected, response.StatusWord.ToString());
            return;
        }
        Assert.Equal(StatusWords.Success, response.StatusWord);
        Assert.Equal(uint.Parse(expected, CultureInfo.InvariantCulture), BinaryPrimitives.ReadUInt32BigEndian(response.Data.Span));
    }

    [Then(@"^the platform records application ([0-9A-F]+) as (\w+)$")]
    public async Task ThenApplicationState(string aid, ApplicationState state) => Assert.Equal(state, (await sp.Se.ApplicationStates())[aid]);
}
