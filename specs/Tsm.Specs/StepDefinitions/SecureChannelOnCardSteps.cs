using Reqnroll;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>Authentication, blocking, security levels and key versions on the card (Features/SecureElement/SecureChannelOnCard.feature).</summary>
[Binding]
public sealed class SecureChannelOnCardSteps(SecureElementDriver se)
{
    private readonly List<StatusWord> _attempts = [];

    [Then(@"^GET STATUS in the session lists the Mifare Card Manager ([0-9A-F]+)$")]
    public void ThenGetStatusInTheSessionLists(string aid)
    {
        Assert.NotNull(se.Session);
        Assert.NotNull(se.FindApplication(aid));
    }

    [When(@"^the platform authenticates to the issuer security domain with the right keys asking for security level ([0-9A-F]{2})$")]
    public void WhenThePlatformAsksForLevel(string level) =>
        se.ForceHandshake(CardFactory.GlobalPlatformTestKey, SecureElementSteps.HexByte(level));

    [When(@"^the platform sends INSTALL \[for load\] of ""(.*)"" without a secure channel$")]
    public void WhenThePlatformSendsInstallInTheClear(string capFile)
    {
        var cap = SharedCapFiles.Read(capFile);
        se.SendInClear(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid)).ToApdu());
    }

    [When(@"^the platform authenticates to (the issuer security domain|security domain [0-9A-F]+) (\d+) times with keys ([0-9A-F]{32})$")]
    public void WhenThePlatformAuthenticatesWithWrongKeys(string who, int times, string keys)
    {
        _attempts.Clear();
        for (var i = 0; i < times; i++)
            _attempts.Add(se.ForceHandshake(keys, 0x01, SecureElementSteps.SdAid(who)).StatusWord);
    }

    [Then(@"^the secure element refuses each attempt with ([0-9A-F]{4})$")]
    public void ThenTheSecureElementRefusesEachAttempt(string sw)
    {
        Assert.NotEmpty(_attempts);
        Assert.All(_attempts, actual => Assert.Equal(new StatusWord(SecureElementSteps.HexWord(sw)), actual));
    }

    [Then(@"^GET DATA E0 of the issuer security domain lists key versions ([0-9A-F, ]+)$")]
    public void ThenGetDataE0Lists(string versions)
    {
        var response = se.Ok(GetDataCommand.KeyInformation.ToApdu());
        var listed = KeyInformation.Parse(response.Data.Span).Select(k => k.KeyVersionNumber).Distinct().Order();
        Assert.Equal(versions.Split(", ").Select(SecureElementSteps.HexByte), listed);
    }

    [When(@"^the platform deletes key version ([0-9A-F]{2}) in the session$")]
    public void WhenThePlatformDeletesKeyVersion(string version) =>
        se.Send(DeleteCommand.ForKey(null, SecureElementSteps.HexByte(version)).ToApdu());
}
