using Reqnroll;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>Create, re-key, personalize, lock, unlock and delete security domains (Features/SecureElement/SecurityDomainLifecycle.feature).</summary>
[Binding]
public sealed class SecurityDomainLifecycleSteps(SecureElementDriver se)
{
    private string? _putKeyValue;
    private byte _putKeyVersion;

    /// <summary>INSTALL [for install and make selectable] of an SSD with the Security Domain privilege and a C9 value.</summary>
    private ResponseApdu CreateSecurityDomain(string aid, byte[] c9) =>
        se.Install(SecureElementDriver.SdLoadFileAid, SecureElementDriver.SdModuleAid, aid, Privileges.SecurityDomain, new InstallParameters(c9).ToArray());

    private static byte[] Tlvs(params (byte Tag, string Value)[] elements) =>
        [.. elements.SelectMany(e => (byte[])[e.Tag, (byte)(e.Value.Length / 2), .. Hex.Parse(e.Value)])];

    [When(@"^the issuer security domain creates security domain ([0-9A-F]+) with these CMS2AC parameters$")]
    public void WhenTheIsdCreatesASecurityDomain(string aid, Table parameters) =>
        CreateSecurityDomain(aid, Tlvs([.. parameters.Rows.Select(r => (SecureElementSteps.HexByte(r["tag"]), r["value"]))]));

    [Given(@"^the issuer security domain has created security domain ([0-9A-F]+) with key version ([0-9A-F]{2})$")]
    public void GivenTheIsdHasCreated(string aid, string version) =>
        Assert.Equal(StatusWords.Success, CreateSecurityDomain(aid, Tlvs((0x45, "01"), (0x46, version))).StatusWord);

    [Given(@"^the issuer security domain has created security domain ([0-9A-F]+) with a fixed space of (\d+) bytes volatile and (\d+) bytes non-volatile$")]
    public void GivenTheIsdHasCreatedWithFixedSpace(string aid, int volatileBytes, long nonVolatile)
    {
        var space = new ManagedSpace(volatileBytes, nonVolatile);
        var c9 = new Cms2acSdParameters(BaseProperties: 0x01, KeyVersionNumber: 0x30, ManagedSpace: space).ToArray();
        Assert.Equal(StatusWords.Success, CreateSecurityDomain(aid, c9).StatusWord);
    }

    [Given(@"^the issuer security domain has created security domain ([0-9A-F]+) allowing (\d+) consecutive authentication failures$")]
    public void GivenTheIsdHasCreatedWithMaxFailures(string aid, int failures)
    {
        se.OpenSession(Tsm.Protocol.Scp02.SecurityLevel.CMac);
        var c9 = new Cms2acSdParameters(BaseProperties: 0x01, KeyVersionNumber: 0x30, MaxAuthenticationFailures: (byte)failures).ToArray();
        Assert.Equal(StatusWords.Success, CreateSecurityDomain(aid, c9).StatusWord);
    }

    [Then(@"^security domain ([0-9A-F]+) reports the same free space as the card$")]
    public void ThenTheSecurityDomainReportsTheCardsSpace(string aid) =>
        Assert.Equal(se.ReadFreeSpace(), se.ReadFreeSpaceOf(aid));

    [Then(@"^security domain ([0-9A-F]+) reports (\d+) bytes non-volatile and (\d+) bytes volatile free, with (\d+) applications$")]
    public void ThenTheSecurityDomainReports(string aid, long nonVolatile, long volatileBytes, int applications) =>
        Assert.Equal(new ExtendedCardResources(applications, nonVolatile, volatileBytes), se.ReadFreeSpaceOf(aid));

    [Then(@"^security domain ([0-9A-F]+) reports its fixed space less the load file data block of ""(.*)""$")]
    public void ThenTheSecurityDomainReportsItsSpaceLess(string aid, string capFile)
    {
        var figures = se.ReadFreeSpaceOf(aid);
        Assert.Equal(16384 - SharedCapFiles.Read(capFile).LoadFileDataBlock.Size, figures.FreeNonVolatileMemory);
        Assert.Equal(512, figures.FreeVolatileMemory);
    }

    [When(@"^the issuer security domain loads ""(.*)"" for security domain ([0-9A-F]+)$")]
    public void WhenTheIsdLoadsFor(string capFile, string sdAid) => se.Download(SharedCapFiles.Read(capFile), sdAid);

    [Given(@"^the issuer security domain has loaded ""(.*)"" for security domain ([0-9A-F]+)$")]
    public void GivenTheIsdHasLoadedFor(string capFile, string sdAid) =>
        Assert.Equal(StatusWords.Success, se.Download(SharedCapFiles.Read(capFile), sdAid).StatusWord);

    [When(@"^the platform replaces key version ([0-9A-F]{2}) with key version ([0-9A-F]{2}) holding keys ([0-9A-F]{32})$")]
    public void WhenThePlatformReplacesKeys(string oldVersion, string newVersion, string keys)
    {
        _putKeyValue = keys;
        _putKeyVersion = SecureElementSteps.HexByte(newVersion);
        se.PutKey(SecureElementSteps.HexByte(oldVersion), _putKeyVersion, keys);
    }

    [When(@"^the platform adds key version ([0-9A-F]{2}) holding keys ([0-9A-F]{32})$")]
    public void WhenThePlatformAddsKeys(string newVersion, string keys) => WhenThePlatformReplacesKeys("00", newVersion, keys);

    [Then("the secure element answers 9000 with the new key version and the key check values of the new keys")]
    public void ThenTheSecureElementConfirmsTheKeys()
    {
        var response = se.LastResponse ?? throw new InvalidOperationException("No response.");
        Assert.Equal(StatusWords.Success, response.StatusWord);
        var kcv = Hex.Format(DesMac.KeyCheckValue(Hex.Parse(_putKeyValue!)));
        Assert.Equal($"{_putKeyVersion:X2}{kcv}{kcv}{kcv}", Hex.Format(response.Data.Span));
    }

    [When(@"^the platform sets security domain ([0-9A-F]+) to PERSONALIZED (?:in its own secure channel|through the issuer security domain)$")]
    public void WhenThePlatformSetsPersonalized(string aid) =>
        se.Send(new SetStatusCommand(SetStatusScope.ApplicationOrSecurityDomain, LifeCycle.Personalized, Aid.Parse(aid)).ToApdu());
}
