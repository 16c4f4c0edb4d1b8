using System.Globalization;
using Reqnroll;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>Steps shared by the Features/SecureElement specs: the card, sessions, SWs, GET STATUS and GET DATA FF21.</summary>
[Binding]
public sealed class SecureElementSteps(SecureElementDriver se, ActionAttempt attempt)
{
    internal static byte HexByte(string text) => byte.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    internal static ushort HexWord(string text) => ushort.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    internal static string SdAid(string who) => who == "the issuer security domain" ? SecureElementDriver.IsdAid : who["security domain ".Length..];

    [Given("a secure element fresh from the factory")]
    public void GivenAFreshSecureElement() => se.CreateCard();

    [Given("a secure element fresh from the factory, kept in a state file")]
    public void GivenAFreshSecureElementWithStateFile() => se.CreateCard(withStateFile: true);

    [Given("the platform reads the free space of the secure element")]
    public void GivenThePlatformReadsTheFreeSpace() => se.ReadFreeSpace();

    [Given("the platform has opened a secure channel with the issuer security domain at security level {word}")]
    [When("the platform opens a secure channel with the issuer security domain at security level {word}")]
    public void OpenIsdSession(string level) => se.OpenSession((SecurityLevel)HexByte(level));

    [Then("the platform can still open a secure channel with the issuer security domain")]
    public void ThenThePlatformCanStillOpenASession() =>
        Assert.True(se.OpenSession(SecurityLevel.CMac).IsOpen, "The issuer security domain refused a session with its own keys.");

    [When(@"^the platform opens a secure channel with (the issuer security domain|security domain [0-9A-F]+) at security level ([0-9A-F]{2}) using key version ([0-9A-F]{2}) and (the issuer security domain's keys|keys [0-9A-F]{32})$")]
    public void OpenSessionWithKeys(string who, string level, string version, string keys)
    {
        var key = keys.StartsWith("keys ", StringComparison.Ordinal) ? keys["keys ".Length..] : Tsm.Simulator.Card.CardFactory.GlobalPlatformTestKey;
        se.OpenSession((SecurityLevel)HexByte(level), SdAid(who), key, HexByte(version));
    }

    [Then("the security domain accepts EXTERNAL AUTHENTICATE with 9000")]
    public void ThenTheSecurityDomainAccepts()
    {
        var session = LastHandshake();
        Assert.Equal(StatusWords.Success, session.SelectStatus);
        Assert.Equal(StatusWords.Success, session.InitializeUpdateStatus);
        Assert.Equal(StatusWords.Success, session.ExternalAuthenticateStatus);
    }

    [Then(@"^the security domain refuses INITIALIZE UPDATE with ([0-9A-F]{4})(?: \(.*\))?$")]
    public void ThenTheSecurityDomainRefusesInitializeUpdate(string sw)
    {
        var session = LastHandshake();
        Assert.Equal(StatusWords.Success, session.SelectStatus);
        Assert.Equal(new StatusWord(HexWord(sw)), session.InitializeUpdateStatus);
        Assert.Null(session.ExternalAuthenticateStatus);
    }

    [Then(@"^the security domain cannot be selected: ([0-9A-F]{4})$")]
    public void ThenTheSecurityDomainCannotBeSelected(string sw) => Assert.Equal(new StatusWord(HexWord(sw)), LastHandshake().SelectStatus);

    private PlatformSession LastHandshake() => se.LastHandshake ?? throw new InvalidOperationException("No handshake was attempted.");

    [Then(@"^the secure element (?:answers|refuses with) ([0-9A-F]{4})(?: \(.*\))?$")]
    public void ThenTheSecureElementAnswers(string sw)
    {
        var response = se.LastResponse;
        if (response is null)
            Assert.Fail(attempt.Succeeded ? "No response was received." : $"No response: {DescribeAttempt()}");
        Assert.True(response.StatusWord.Value == HexWord(sw), $"Expected {sw}, the SE answered {response.StatusWord} ({response.StatusWord.Name}).");
    }

    private string DescribeAttempt()
    {
        try
        {
            return attempt.Error.Message;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    [Then(@"^GET STATUS lists (?:application|security domain) ([0-9A-F]+) as ([A-Z]+(?: \([0-9A-F]{2}\))?), associated with (the issuer security domain|security domain [0-9A-F]+)$")]
    public void ThenGetStatusListsApplication(string aid, string state, string sd) => ThenGetStatusListsApplicationWithPrivileges(aid, state, "", sd);

    [Then(@"^GET STATUS lists (?:application|security domain) ([0-9A-F]+) as ([A-Z]+(?: \([0-9A-F]{2}\))?) with privileges ([0-9A-F]{6}), associated with (the issuer security domain|security domain [0-9A-F]+)$")]
    public void ThenGetStatusListsApplicationWithPrivileges(string aid, string state, string privileges, string sd)
    {
        var entry = se.FindApplication(aid);
        Assert.True(entry is not null, $"GET STATUS does not list {aid}.");
        Assert.Equal(LifeCycleByte(state), entry.LifeCycle);
        Assert.Equal(SdAid(sd), entry.AssociatedSecurityDomainAid?.ToString());
        if (privileges.Length > 0)
            Assert.Equal(privileges, Hex.Format((entry.Privileges ?? Privileges.None).ToArray()));
    }

    private static byte LifeCycleByte(string state) => state switch
    {
        "INSTALLED" => LifeCycle.Installed,
        "SELECTABLE" => LifeCycle.Selectable,
        "PERSONALIZED" => LifeCycle.Personalized,
        _ when state.StartsWith("LOCKED (", StringComparison.Ordinal) => HexByte(state[8..10]),
        _ => throw new ArgumentException($"Unknown life cycle state '{state}'."),
    };

    [Then(@"^GET STATUS lists load file ([0-9A-F]+) as LOADED with module ([0-9A-F]+), associated with (the issuer security domain|security domain [0-9A-F]+)$")]
    public void ThenGetStatusListsLoadFile(string aid, string module, string sd) => ListsLoadFile(aid, module, sd);

    [Then(@"^GET STATUS lists load file ([0-9A-F]+) without any module, associated with (the issuer security domain|security domain [0-9A-F]+)$")]
    public void ThenGetStatusListsLoadFileWithoutModules(string aid, string sd) => ListsLoadFile(aid, null, sd);

    private void ListsLoadFile(string aid, string? module, string sd)
    {
        var entry = se.FindLoadFile(aid);
        Assert.True(entry is not null, $"GET STATUS does not list load file {aid}.");
        Assert.Equal(LifeCycle.Loaded, entry.LifeCycle);
        Assert.Equal(SdAid(sd), entry.AssociatedSecurityDomainAid?.ToString());
        var modules = entry.ModuleAids.Select(m => m.ToString()).ToList();
        if (module is null)
            Assert.Empty(modules);
        else
            Assert.Equal([module], modules);
    }

    [Then(@"^GET STATUS no longer lists application ([0-9A-F]+)$")]
    public void ThenGetStatusNoLongerListsApplication(string aid) => Assert.Null(se.FindApplication(aid));

    [Then(@"^GET STATUS no longer lists load file ([0-9A-F]+)$")]
    public void ThenGetStatusNoLongerListsLoadFile(string aid) => Assert.Null(se.FindLoadFile(aid));

    [Then(@"^the secure element counts (\d+) (more|fewer) installed applications?$")]
    public void ThenTheSecureElementCounts(int count, string direction)
    {
        var before = se.Latest ?? throw new InvalidOperationException("The free space was not read before.");
        var now = CurrentFreeSpaceWithoutNoting();
        Assert.Equal(before.InstalledApplications + (direction == "more" ? count : -count), now.InstalledApplications);
    }

    [Then(@"^the free space has gone (down|up) by (\d+) bytes non-volatile and (\d+) bytes volatile$")]
    public void ThenTheFreeSpaceHasGone(string direction, long nonVolatile, long volatileBytes)
    {
        var before = se.Latest ?? throw new InvalidOperationException("The free space was not read before.");
        var now = se.ReadFreeSpace();
        var sign = direction == "down" ? -1 : 1;
        Assert.Equal(before.FreeNonVolatileMemory + (sign * nonVolatile), now.FreeNonVolatileMemory);
        Assert.Equal(before.FreeVolatileMemory + (sign * volatileBytes), now.FreeVolatileMemory);
    }

    [Then("the free space is back to what it was at the start")]
    public void ThenTheFreeSpaceIsBack()
    {
        var initial = se.Initial ?? throw new InvalidOperationException("The free space was not read at the start.");
        Assert.Equal(initial, se.ReadFreeSpace());
    }

    /// <summary>A reading that does not become the reference of the next comparison.</summary>
    private ExtendedCardResources CurrentFreeSpaceWithoutNoting()
    {
        var latest = se.Latest;
        var now = se.ReadFreeSpace();
        se.Note(latest);
        return now;
    }
}
