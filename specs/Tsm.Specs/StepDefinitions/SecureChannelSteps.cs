using System.Globalization;
using Reqnroll;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

[Binding]
public sealed class SecureChannelSteps(SecureChannelDriver channel, ActionAttempt attempt)
{
    private ResponseApdu? _verifiedResponse;

    private static byte HexByte(string text) => byte.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Given("a security domain with key set version {word} holding the GlobalPlatform test keys")]
    public void GivenASecurityDomain(string version) => channel.GiveCardTestKeys(HexByte(version));

    [Given("its sequence counter is {word}")]
    public void GivenItsSequenceCounterIs(string counter) =>
        channel.SequenceCounter = ushort.Parse(counter, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Given("the platform holds the same keys")]
    public void GivenThePlatformHoldsTheSameKeys() => channel.GiveHostSameKeys();

    [Given("the platform holds other keys")]
    public void GivenThePlatformHoldsOtherKeys() => channel.GiveHostOtherKeys();

    [When("the platform opens a session at security level {word} with \"i\" = {word}")]
    public void WhenThePlatformOpensASession(string level, string i) => channel.Open((SecurityLevel)HexByte(level), HexByte(i));

    [When("the platform tries to open a session at security level {word} with \"i\" = {word}")]
    public void WhenThePlatformTriesToOpenASession(string level, string i) =>
        attempt.Run(() => channel.Open((SecurityLevel)HexByte(level), HexByte(i)));

    [When("the platform opens a session at security level {word} with \"i\" = {word} but alters the host cryptogram")]
    public void WhenThePlatformAltersTheHostCryptogram(string level, string i) =>
        channel.Open((SecurityLevel)HexByte(level), HexByte(i), alterCryptogram: true);

    [Then("the security domain accepts EXTERNAL AUTHENTICATE")]
    public void ThenTheSecurityDomainAccepts() => Assert.Equal(ExternalAuthenticateOutcome.Authenticated, channel.Outcome);

    [Then("the security domain refuses EXTERNAL AUTHENTICATE with 6300")]
    public void ThenTheSecurityDomainRefusesWith6300() => Assert.Equal(ExternalAuthenticateOutcome.HostCryptogramInvalid, channel.Outcome);

    [Then("the sequence counter of the session is {word}")]
    public void ThenTheSequenceCounterIs(string counter) =>
        Assert.Equal(ushort.Parse(counter, NumberStyles.HexNumber, CultureInfo.InvariantCulture), channel.LastInitializeUpdate!.SequenceCounter);

    [When("the platform sends these commands in the session")]
    public void WhenThePlatformSendsTheseCommands(Table table)
    {
        foreach (var row in table.Rows)
            channel.Send(CommandApdu.Parse(row["apdu"]));
    }

    [Then("the security domain receives each command exactly as the platform meant it")]
    public void ThenTheSecurityDomainReceivesEachCommand()
    {
        Assert.NotEmpty(channel.Exchanges);
        foreach (var (plain, _, received) in channel.Exchanges)
            Assert.Equal(plain.ToHex(), received.ToHex());
    }

    [Then(@"^commands on the wire (show|do not show) the plain data$")]
    public void ThenCommandsOnTheWireShowThePlainData(string visibility)
    {
        var shouldShow = visibility == "show";
        foreach (var (plain, wire, _) in channel.Exchanges.Where(e => !e.Plain.Data.IsEmpty))
        {
            var wireData = Hex.Format(wire.Data.Span);
            Assert.Equal(shouldShow, wireData.StartsWith(Hex.Format(plain.Data.Span), StringComparison.Ordinal));
        }
    }

    [When("the security domain answers a GET STATUS with data {word} and status {word}")]
    public void WhenTheSecurityDomainAnswers(string data, string sw)
    {
        var plain = CommandApdu.Parse("80F24002024F0000");
        var response = new ResponseApdu(Hex.Parse(data), ushort.Parse(sw, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        _verifiedResponse = channel.RespondAndVerify(plain, response);
    }

    [Then("the platform verifies the R-MAC and reads data {word}")]
    public void ThenThePlatformVerifiesTheRMac(string data) => Assert.Equal(data, Hex.Format(_verifiedResponse!.Data.Span));

    [Then("the platform refuses the card because the card cryptogram does not verify")]
    public void ThenThePlatformRefusesTheCard() =>
        Assert.Contains("card cryptogram does not verify", attempt.ErrorOf<Scp02Exception>().Message, StringComparison.Ordinal);

    [When("a command is altered after the platform wrapped it")]
    public void WhenACommandIsAltered()
    {
        var wire = channel.Wrap(CommandApdu.Parse("80F24002024F0000"));
        var data = wire.Data.ToArray();
        data[1] ^= 0x80;
        attempt.Run(() => channel.Deliver(wire.With(data: data)));
    }

    [Then("the security domain rejects the command as not authentic")]
    public void ThenTheSecurityDomainRejectsTheCommand() =>
        Assert.Contains("C-MAC does not verify", attempt.ErrorOf<Scp02Exception>().Message, StringComparison.Ordinal);

    [When("the same wrapped command is delivered twice")]
    public void WhenTheSameWrappedCommandIsDeliveredTwice()
    {
        var wire = channel.Wrap(CommandApdu.Parse("80CA006600"));
        channel.Deliver(wire);
        attempt.Run(() => channel.Deliver(wire));
    }

    [Then("the security domain accepts the first and rejects the second")]
    public void ThenTheSecurityDomainAcceptsTheFirstAndRejectsTheSecond() =>
        Assert.IsType<Scp02Exception>(attempt.Error);
}
