using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Simulator.Tests.Card;

/// <summary>
/// The Mifare Card Manager preset (requirement 5.8.10; docs/mifare.md) driven through the card: INITIALIZE UPDATE and EXTERNAL
/// AUTHENTICATE sent while it is selected open its owning SD's (the ISD's) secure channel (GP 2.2.1 §8.1.7).
/// </summary>
public sealed class MifareThroughCardTests
{
    private const string Id = "4F07F0000000010001";
    private const string Create = "80300000234F07F0000000010001800102A0158206A0A1A2A3A4A583037F07888406B0B1B2B3B4B5";
    private const string Write = "803A0100264F07F0000000010001860161" + "8706B0B1B2B3B4B5" + "8910000102030405060708090A0B0C0D0E0F";
    private const string ReadWithKeyA = "80380100144F07F00000000100018601608706A0A1A2A3A4A500";
    private const string ReadWithWrongKey = "80380100144F07F00000000100018601608706FFFFFFFFFFFF00";
    private const string Delete = "8032000009" + Id;

    [Theory]
    [InlineData(SecurityLevel.CMac)]
    [InlineData(SecurityLevel.CMacCDecryption)]
    [InlineData(SecurityLevel.CMacCDecryptionRMac)]
    public void Create_write_read_delete_in_the_ISD_secure_channel(SecurityLevel level)
    {
        using var card = CardKit.NewCard();
        using var session = HostSession.Open(card, level, sdAid: CardKit.MifareAid);
        var created = session.Ok(CommandApdu.Parse(Create));
        Assert.Equal("81020102", Hex.Format(created.Data.Span));
        session.Ok(CommandApdu.Parse(Write));
        Assert.Equal("000102030405060708090A0B0C0D0E0F", Hex.Format(session.Ok(CommandApdu.Parse(ReadWithKeyA)).Data.Span));
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, session.Send(ReadWithWrongKey).StatusWord);
        // An applet's refusal does not end the secure channel.
        Assert.Equal("000102030405060708090A0B0C0D0E0F", Hex.Format(session.Ok(CommandApdu.Parse(ReadWithKeyA)).Data.Span));
        Assert.Contains("4F07F0000000010001", Hex.Format(session.Ok(CommandApdu.Parse("8034000000")).Data.Span), StringComparison.Ordinal);
        session.Ok(CommandApdu.Parse(Delete));
        Assert.Equal(StatusWords.FileNotFound, session.Send(ReadWithKeyA).StatusWord);
    }

    [Fact]
    public void The_applet_state_persists_across_power_cycles()
    {
        using var card = CardKit.NewCard();
        using (var session = HostSession.Open(card, sdAid: CardKit.MifareAid))
        {
            session.Ok(CommandApdu.Parse(Create));
            session.Ok(CommandApdu.Parse(Write));
        }
        card.Reset();
        using var again = HostSession.Open(card, sdAid: CardKit.MifareAid);
        Assert.Equal("000102030405060708090A0B0C0D0E0F", Hex.Format(again.Ok(CommandApdu.Parse(ReadWithKeyA)).Data.Span));
    }

    [Fact]
    public void Without_a_secure_channel_every_command_is_6982()
    {
        using var card = CardKit.NewCard();
        CardKit.Select(card, CardKit.MifareAid);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, CardKit.Send(card, Create).StatusWord);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, CardKit.Send(card, "8036000000").StatusWord);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, CardKit.Send(card, ReadWithKeyA).StatusWord);
        Assert.Equal(StatusWords.InsNotSupported, CardKit.Send(card, "8012000000").StatusWord);

        // A session with the ISD on the basic channel does not extend to the applet selected on another channel.
        using var isd = HostSession.Open(card);
        var channel = CardKit.OpenChannel(card);
        CardKit.Select(card, CardKit.MifareAid, channel);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, CardKit.Send(card, CommandApdu.Parse(Create), channel).StatusWord);

        // A failed handshake leaves no session either.
        Assert.Equal(StatusWords.AuthenticationFailed, CardKit.ForgedExternalAuthenticate(card, CardKit.MifareAid));
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, CardKit.Send(card, Create).StatusWord);
    }
}
