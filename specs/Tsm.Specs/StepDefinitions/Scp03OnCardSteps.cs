using Reqnroll;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Protocol.Scp03;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>SCP03 sessions with a simulated card (Features/SecureElement/Scp03OnCard.feature).</summary>
[Binding]
public sealed class Scp03OnCardSteps(Scp03CardDriver card, ActionAttempt attempt)
{
    private static byte[] TestKey => Hex.Parse(Tsm.Simulator.Card.CardFactory.GlobalPlatformTestKey);

    [Given("a secure element of an SCP03 batch with key version {word}")]
    public void GivenAnScp03Card(string version) => card.CreateCard(SecureElementSteps.HexByte(version));

    [When("the platform opens an SCP03 secure channel with key version {word} at security level {word}")]
    [Given("the platform has opened an SCP03 secure channel with key version {word} at security level {word}")]
    public void Open(string version, string level) =>
        card.Open((SecurityLevel)SecureElementSteps.HexByte(level), SecureElementSteps.HexByte(version), TestKey, TestKey, TestKey);

    [When("the platform tries an SCP03 secure channel with key version {word} and AES key {word}")]
    public void TryWithKey(string version, string key) =>
        attempt.Run(() => card.Open(SecurityLevel.CMac, SecureElementSteps.HexByte(version), Hex.Parse(key), Hex.Parse(key), Hex.Parse(key)));

    [When("the platform replaces key version {word} by version {word} with the AES key {word}")]
    public void PutKey(string oldVersion, string newVersion, string key) =>
        Assert.Equal(StatusWords.Success, card.PutKey(SecureElementSteps.HexByte(oldVersion), SecureElementSteps.HexByte(newVersion), Hex.Parse(key)).StatusWord);

    [When("the platform opens an SCP03 secure channel with key version {word} and AES key {word} at security level {word}")]
    public void OpenWithKey(string version, string key, string level) =>
        card.Open((SecurityLevel)SecureElementSteps.HexByte(level), SecureElementSteps.HexByte(version), Hex.Parse(key), Hex.Parse(key), Hex.Parse(key));

    [Then("the SCP03 security domain accepts EXTERNAL AUTHENTICATE with 9000")]
    public void ThenAccepted() => Assert.Equal(StatusWords.Success, card.ExternalAuthenticateStatus);

    [Then("GET STATUS in the SCP03 session lists {word}")]
    public void ThenListed(string aid) =>
        Assert.Contains(card.Registry(GetStatusScope.ApplicationsAndSecurityDomains), e => e.Aid.ToString() == aid);

    [Then("the platform refuses the card: its card cryptogram does not verify")]
    public void ThenCryptogramRefused()
    {
        Assert.False(attempt.Succeeded);
        Assert.IsType<Scp03Exception>(attempt.Error);
        Assert.Contains("card cryptogram does not verify", attempt.Error.Message, StringComparison.Ordinal);
    }

    [Then("the key information lists ids 01, 02 and 03 of version {word} as AES keys of {int} bytes")]
    public void ThenKeyInformation(string version, int length)
    {
        var keys = card.KeyInformation();
        Assert.Equal([0x01, 0x02, 0x03], keys.Select(k => (int)k.KeyId));
        Assert.All(keys, k => Assert.Equal(((int)SecureElementSteps.HexByte(version), (int)KeyComponent.Aes, length), ((int)k.KeyVersionNumber, (int)k.Components.Single().Type, (int)k.Components.Single().Length)));
    }
}
