using System.Net;
using Reqnroll;
using Tsm.Gateway.Security;
using Tsm.Protocol;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>Security-domain definitions (Features/SecurityDomain/SecurityDomainDefinitions.feature; requirement 5.3).</summary>
[Binding]
public sealed class SecurityDomainDefinitionSteps(FeatureContext feature, SpScenario sp) : IDisposable
{
    private readonly SecurityDomainDefinitions _definitions = new(SpHooks.GatewayOf(feature));

    /// <summary>The scenario's definition (the management story's steps continue with it).</summary>
    public SecurityDomainDefinitions Definitions => _definitions;

    [Given(@"^business administrators ""([^""]+)"" and ""([^""]+)""$")]
    public async Task GivenAdministrators(string first, string second)
    {
        await _definitions.SignInAsync(first, Roles.BusinessAdministrator);
        await _definitions.SignInAsync(second, Roles.BusinessAdministrator);
    }

    [Given(@"^""([^""]+)"" of provider (\w+)'s staff$")]
    public Task GivenStaff(string name, string provider) => _definitions.SignInAsync(name, Roles.ServiceProvider, provider);

    [When(@"^""([^""]+)"" applies for a security domain for provider (\w+) with a fixed space of (\d+) bytes and key version ([0-9A-F]{2})$")]
    public Task WhenApplies(string account, string provider, long space, string version) =>
        _definitions.ApplyAsync(account, new { owner = provider, fixedSpace = space, keyVersion = Convert.ToInt32(version, 16), keyUpdatePeriod = "90.00:00:00" });

    [Then(@"^the platform allocates AID ([0-9A-F]+) from the operator's range, pending$")]
    public void ThenAllocated(string aid)
    {
        Assert.True(_definitions.LastStatus == HttpStatusCode.Created, _definitions.LastBody.ToString());
        Assert.Equal((aid, "pending"), (_definitions.Aid, _definitions.LastBody.GetProperty("state").GetString()));
    }

    [When(@"^""([^""]+)"" (approves|rejects) the definition$")]
    public Task WhenDecides(string account, string decision) => _definitions.DecideAsync(account, decision == "approves" ? "approve" : "reject");

    [When(@"^""([^""]+)"" changes the definition's (key version|key-update period) to ([\w.:]+)$")]
    public Task WhenEdits(string account, string attribute, string value) =>
        _definitions.EditAsync(account, attribute == "key version" ? new { keyVersion = Convert.ToInt32(value, 16) } : (object)new { keyUpdatePeriod = value });

    [When(@"^""([^""]+)"" deletes the definition$")]
    public Task WhenDeletes(string account) => _definitions.DeleteAsync(account);

    [Then(@"^the definition answer is (\d+)$")]
    public void ThenAnswer(int status) => ThenAnswer(status, null);

    [Then(@"^the definition answer is (\d+) ""([^""]+)""$")]
    public void ThenAnswer(int status, string? title)
    {
        Assert.True((HttpStatusCode)status == _definitions.LastStatus, $"expected {status}, got {(int)_definitions.LastStatus}: {_definitions.LastBody}");
        if (!string.IsNullOrEmpty(title))
            Assert.Equal(title, _definitions.LastBody.GetProperty("title").GetString());
    }

    [Then(@"^""([^""]+)"" (sees|does not see) the definition$")]
    public async Task ThenSees(string account, string sees) =>
        Assert.Equal(sees == "sees", (await _definitions.VisibleToAsync(account)).Contains(_definitions.Aid!));

    [Then(@"^the definition is (\w+), its key version ([0-9A-F]{2}) and its key-update period ([\w.:]+)$")]
    public async Task ThenDefinitionIs(string state, string version, string period)
    {
        await _definitions.GetAsync();
        var attributes = _definitions.LastBody.GetProperty("attributes");
        Assert.Equal((state, Convert.ToInt32(version, 16), period),
            (_definitions.LastBody.GetProperty("state").GetString(), attributes.GetProperty("keyVersion").GetInt32(), attributes.GetProperty("keyUpdatePeriod").GetString()));
    }

    [When(@"^the (\w+) platform creates the defined security domain with key ([0-9A-F]{32}) of version ([0-9A-F]{2}) under its KEK$")]
    public async Task WhenCreatesDefined(string platform, string key, string version)
    {
        await _definitions.GetAsync();
        await sp.OperateAsync(SpPlatform.ApiKeyOf(platform), new
        {
            operation = "create-security-domain",
            securityDomainAid = _definitions.Aid,
            keys = SpPlatform.KeySet(Convert.ToByte(version, 16), Hex.Parse(key)),
        });
    }

    [Then(@"^the SE holds the defined security domain with a fixed space of (\d+) bytes$")]
    public async Task ThenSeHolds(long space)
    {
        var held = (await sp.Se.SecurityDomains())[_definitions.Aid!];
        Assert.Equal((space, true), (held.FixedSpace, held.Personalized));
    }

    public void Dispose() => _definitions.Dispose();
}
