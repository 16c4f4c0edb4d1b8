using Reqnroll;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card.Applets;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>Download, install, personalize, lock, unlock and delete applications (Features/SecureElement/ApplicationLifecycle.feature).</summary>
[Binding]
public sealed class ApplicationLifecycleSteps(SecureElementDriver se, ActionAttempt attempt)
{
    private static readonly CommandApdu GetBalance = new(0x80, 0x5C, 0x00, 0x02, ne: 4);

    private string? _lastCap;

    [When("the platform downloads the load file of {string}")]
    public void WhenThePlatformDownloads(string capFile)
    {
        _lastCap = capFile;
        attempt.Run(() => se.Download(SharedCapFiles.Read(capFile)));
    }

    [Given("the load file of {string} has been downloaded")]
    public void GivenTheLoadFileHasBeenDownloaded(string capFile)
    {
        _lastCap = capFile;
        var response = se.Download(SharedCapFiles.Read(capFile));
        Assert.Equal(StatusWords.Success, response.StatusWord);
    }

    [Then("the free non-volatile space has gone down by exactly the size of the load file data block")]
    public void ThenTheFreeSpaceWentDownByTheDataBlock()
    {
        var before = se.Latest ?? throw new InvalidOperationException("The free space was not read before.");
        var now = se.ReadFreeSpace();
        Assert.Equal(before.FreeNonVolatileMemory - SharedCapFiles.Read(_lastCap!).LoadFileDataBlock.Size, now.FreeNonVolatileMemory);
        Assert.Equal(before.FreeVolatileMemory, now.FreeVolatileMemory);
    }

    [When(@"^the platform installs application ([0-9A-F]+) from module ([0-9A-F]+) and makes it selectable$")]
    public void WhenThePlatformInstallsAndMakesSelectable(string aid, string module) =>
        attempt.Run(() => se.Install(LoadFileOf(module), module, aid, Privileges.None, InstallParameters.Empty.ToArray()));

    [When(@"^the platform installs application ([0-9A-F]+) from module ([0-9A-F]+) without making it selectable$")]
    public void WhenThePlatformInstallsWithoutMakingSelectable(string aid, string module) =>
        se.Install(LoadFileOf(module), module, aid, Privileges.None, InstallParameters.Empty.ToArray(), makeSelectable: false);

    [When(@"^the platform installs application ([0-9A-F]+) from module ([0-9A-F]+) with a volatile quota of (\d+) bytes and a non-volatile quota of (\d+) bytes$")]
    public void WhenThePlatformInstallsWithQuotas(string aid, string module, int volatileQuota, int nonVolatileQuota) =>
        se.Install(LoadFileOf(module), module, aid, Privileges.None, new InstallParameters(ByteString.Empty, volatileQuota, nonVolatileQuota).ToArray());

    [Given(@"^application ([0-9A-F]+) has been installed from module ([0-9A-F]+)$")]
    public void GivenApplicationHasBeenInstalled(string aid, string module) =>
        se.Ok(InstallCommand.ForInstall(Aid.Parse(LoadFileOf(module)), Aid.Parse(module), Aid.Parse(aid), Privileges.None, InstallParameters.Empty.ToArray()).ToApdu());

    [When(@"^the platform makes application ([0-9A-F]+) selectable$")]
    public void WhenThePlatformMakesSelectable(string aid) =>
        se.Send(InstallCommand.ForMakeSelectable(Aid.Parse(aid), Privileges.None).ToApdu());

    [Then(@"^application ([0-9A-F]+) can be selected on a logical channel$")]
    public void ThenApplicationCanBeSelected(string aid) => Assert.Equal(StatusWords.Success, se.UseApplication(aid).Select);

    [Then(@"^application ([0-9A-F]+) cannot be selected$")]
    public void ThenApplicationCannotBeSelected(string aid) => Assert.Equal(StatusWords.FileNotFound, se.UseApplication(aid).Select);

    [When(@"^the platform personalizes application ([0-9A-F]+) with purse key ([0-9A-F]{32}) and balance ([0-9A-F]{8})$")]
    public void WhenThePlatformPersonalizes(string aid, string key, string balance) =>
        se.Personalize(aid, [new Dgi(EPurseApplet.KeyDgi, Hex.Parse(key)), new Dgi(EPurseApplet.BalanceDgi, Hex.Parse(balance))]);

    [Given(@"^a personalized e-purse ([0-9A-F]+) with balance ([0-9A-F]{8}) is on the secure element$")]
    public void GivenAPersonalizedEPurse(string aid, string balance)
    {
        GivenTheLoadFileHasBeenDownloaded("pysim-hellostk.cap");
        GivenApplicationHasBeenInstalled(aid, "D07002CA44900101");
        var response = se.Personalize(aid, [new Dgi(EPurseApplet.KeyDgi, Hex.Parse("0123456789ABCDEFFEDCBA9876543210")), new Dgi(EPurseApplet.BalanceDgi, Hex.Parse(balance))]);
        Assert.Equal(StatusWords.Success, response.StatusWord);
        ThenApplicationAnswersGetBalance(aid, balance);
    }

    [Then(@"^application ([0-9A-F]+) answers GET BALANCE with ([0-9A-F]{8})$")]
    public void ThenApplicationAnswersGetBalance(string aid, string balance)
    {
        var (select, response) = se.UseApplication(aid, GetBalance);
        Assert.Equal(StatusWords.Success, select);
        Assert.Equal(StatusWords.Success, response!.StatusWord);
        Assert.Equal(balance, Hex.Format(response.Data.Span));
    }

    [When(@"^the platform locks application ([0-9A-F]+)$")]
    public void WhenThePlatformLocks(string aid) => se.Send(SetStatusCommand.Lock(Aid.Parse(aid)).ToApdu());

    [When(@"^the platform unlocks application ([0-9A-F]+)$")]
    public void WhenThePlatformUnlocks(string aid) => se.Send(SetStatusCommand.Unlock(Aid.Parse(aid)).ToApdu());

    [When(@"^the platform deletes (?:application|load file) ([0-9A-F]+)$")]
    public void WhenThePlatformDeletes(string aid) => se.Send(DeleteCommand.ForObject(Aid.Parse(aid)).ToApdu());

    [When(@"^the platform deletes (?:application|load file) ([0-9A-F]+) with its related objects$")]
    public void WhenThePlatformDeletesWithRelated(string aid) => se.Send(DeleteCommand.ForObject(Aid.Parse(aid), deleteRelated: true).ToApdu());

    /// <summary>The modules used here and their load files (the registry would say the same; the feature names the module).</summary>
    private static string LoadFileOf(string module) => module switch
    {
        "D07002CA44900101" => "D07002CA44",
        "0102030405060708" => "0102030405",
        _ => throw new ArgumentException($"No known load file for module {module}."),
    };
}
