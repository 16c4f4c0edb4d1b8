using Reqnroll;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Specs.Drivers;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>DAP blocks, tokens and receipts on a simulated card (Features/SecureElement/DapAndDelegatedManagement.feature).</summary>
[Binding]
public sealed class DapAndDelegatedManagementSteps(DelegatedCardDriver card)
{
    [Given("a secure element whose issuer holds a Token key and a Receipt key")]
    public void GivenCard() => card.CreateCard();

    [Given("a DAP-mode SD {word} with the DES DAP key {word}")]
    public void GivenDapSd(string aid, string key)
    {
        card.InstallSsd(aid, Privileges.DapVerification);
        card.Card.Image.Applications.Single(a => a.Aid == aid).SecurityDomain!.DapKey = key;
    }

    [Given("a token-mode SD {word}")]
    public void GivenTokenSd(string aid) => card.InstallSsd(aid, Privileges.DelegatedManagement);

    [When("the platform loads the provider's file into {word} with a DAP signed by {word}")]
    public void LoadWithDap(string sd, string key)
    {
        card.Open(DelegatedCardDriver.IsdAid);
        card.Load(sd, [new DapBlock(Aid.Parse(sd), DapSignature.ComputeDes(Hex.Parse(key), DapSignature.HashOf(card.Block)))], withToken: false);
    }

    [When("the platform loads the provider's file into {word} without a DAP block")]
    public void LoadWithoutDap(string sd)
    {
        card.Open(DelegatedCardDriver.IsdAid);
        card.Load(sd, [], withToken: false);
    }

    [When("the token-mode SD {word} loads the file with a token")]
    public void LoadWithToken(string sd)
    {
        card.Open(sd);
        card.Load(null, [], withToken: true);
    }

    [When("the token-mode SD {word} loads the file without a token")]
    public void LoadWithoutToken(string sd)
    {
        card.Open(sd);
        card.Load(null, [], withToken: false);
    }

    [Then("the last LOAD is answered with {word}")]
    [Then("the INSTALL for load is answered with {word}")]
    public void ThenAnswered(string sw) => Assert.Equal(sw, card.Last!.StatusWord.ToString());

    [Then("the load file is on the card")]
    public void ThenLoaded() => Assert.True(card.Loaded);

    [Then("the load file is not on the card")]
    public void ThenNotLoaded()
    {
        Assert.False(card.Loaded);
        Assert.Null(card.Card.Image.PendingLoad);
    }

    [Then("the answer carries a load receipt for {word} that verifies under the Receipt key, with counter {int}")]
    public void ThenReceipt(string sd, int counter)
    {
        var confirmation = Confirmation.ParseResponse(card.Last!.Data.Span);
        Assert.NotNull(confirmation);
        Assert.Equal(counter, confirmation.Data.Counter);
        var data = ReceiptData.Load(confirmation.Data, Aid.Parse(DelegatedCardDriver.LoadFileAid), Aid.Parse(sd));
        Assert.True(Receipt.VerifyDes(card.ReceiptKey, data, confirmation.Receipt.Span));
    }
}
