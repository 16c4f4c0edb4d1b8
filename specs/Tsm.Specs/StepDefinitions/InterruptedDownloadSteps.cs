using Reqnroll;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>Power cuts during a download and what the SE keeps (Features/SecureElement/InterruptedDownload.feature).</summary>
[Binding]
public sealed class InterruptedDownloadSteps(SecureElementDriver se, ActionAttempt attempt)
{
    /// <summary>Arms the fault plan: the n-th APDU from now (1 = the next) loses power at <paramref name="point"/>.</summary>
    private void TearAt(int apdu, TearPoint point)
    {
        var faults = se.RequireCard().Faults;
        faults.Clear();
        faults.TearAtApdu = apdu;
        faults.TearPoint = point;
    }

    // A download is INSTALL [for load] (APDU 1) then LOAD blocks 1…n (APDUs 2…n+1).
    [Given(@"^the power will be lost before the card processes LOAD block (\d+)$")]
    public void GivenThePowerWillBeLostAtLoadBlock(int block) => TearAt(1 + block, TearPoint.BeforeProcessing);

    [Given(@"^the power will be lost (before the card processes|after the card has processed) the last LOAD block of ""(.*)""$")]
    public void GivenThePowerWillBeLostAtTheLastBlock(string when, string capFile) =>
        TearAt(1 + SecureElementDriver.LoadBlocks(SharedCapFiles.Read(capFile)).Count, when.StartsWith("before", StringComparison.Ordinal) ? TearPoint.BeforeProcessing : TearPoint.AfterProcessing);

    [Given("the power will be lost after the card has processed the next command")]
    public void GivenThePowerWillBeLostAfterTheNextCommand() => TearAt(1, TearPoint.AfterProcessing);

    [Then("the platform gets no answer because the power was lost")]
    public void ThenThePlatformGetsNoAnswer()
    {
        Assert.True(se.LastResponse is null, $"The SE answered {se.LastResponse?.StatusWord} (internal error: {se.RequireCard().LastInternalError?.Message ?? "none"}; APDUs {se.RequireCard().Faults.ApduCount}, tear at {se.RequireCard().Faults.TearAtApdu}).");
        attempt.ErrorOf<CardTornException>();
        Assert.False(se.RequireCard().IsPowered);
    }

    [When(@"^the power comes back and the platform opens a secure channel with the issuer security domain at security level ([0-9A-F]{2})$")]
    public void WhenThePowerComesBack(string level)
    {
        se.RequireCard().Faults.Clear();
        se.PowerOn();
        Assert.True(se.OpenSession((SecurityLevel)SecureElementSteps.HexByte(level)).IsOpen);
    }

    [When("the secure element is restarted from its state file")]
    public void WhenTheSecureElementIsRestarted() => se.RestartFromStateFile();

    [Then(@"^the free non-volatile space is less than at the start by (?:the code size announced in INSTALL \[for load\]|exactly the size of the load file data block)$")]
    public void ThenTheFreeSpaceIsLessByTheCodeSize()
    {
        var initial = se.Initial ?? throw new InvalidOperationException("The free space was not read at the start.");
        var now = se.ReadFreeSpace();
        Assert.Equal(initial.FreeNonVolatileMemory - SharedCapFiles.Read("pysim-hellostk.cap").LoadFileDataBlock.Size, now.FreeNonVolatileMemory);
        Assert.Equal(initial.FreeVolatileMemory, now.FreeVolatileMemory);
    }

    [When(@"^the platform sends LOAD block (\d+) of ""(.*)"" again$")]
    public void WhenThePlatformSendsLoadBlockAgain(int block, string capFile) =>
        se.Send(SecureElementDriver.LoadBlocks(SharedCapFiles.Read(capFile))[block - 1].ToApdu());
}
